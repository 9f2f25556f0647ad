/**
 * Reads the organisation file and checks it. Whatever is wrong comes back as ONE line naming the
 * file, the line and the field — `org/sample.yaml:42: officials[3].unit: unknown unit "town-x"` —
 * because the person fixing it is an office clerk with a text editor, not a developer.
 *
 * JSON goes through the YAML parser too (JSON is YAML 1.2), so both formats get line numbers.
 */
import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { isNode, LineCounter, parseDocument, type Document } from "yaml";
import type { z } from "zod";
import { orgFileSchema, type OrgFile } from "./file-schema";

export type { OrgFile } from "./file-schema";

export class OrgFileError extends Error {
  override name = "OrgFileError";
  constructor(
    readonly file: string,
    /** 1-based; null when the problem is not at a place in the text (unreadable file). */
    readonly line: number | null,
    /** The field, written like `officials[3].unit`; empty for the file as a whole. */
    readonly fieldPath: string,
    readonly problem: string,
  ) {
    super(`${file}${line === null ? "" : `:${line}`}: ${fieldPath ? `${fieldPath}: ` : ""}${problem}`);
  }
}

const extensions = [".yaml", ".yml", ".json"];

export async function readOrgFile(path: string): Promise<OrgFile> {
  if (!extensions.includes(extname(path).toLowerCase())) {
    throw new OrgFileError(path, null, "", "must be a .yaml, .yml or .json file");
  }
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = error instanceof Error && "code" in error ? String(error.code) : "unknown error";
    throw new OrgFileError(path, null, "", code === "ENOENT" ? "no such file" : `cannot be read (${code})`);
  }
  return parseOrgText(text, path);
}

/** Parses and checks the text of an organisation file; `file` is only used in messages. */
export function parseOrgText(text: string, file: string): OrgFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntaxError = doc.errors[0];
  if (syntaxError) {
    const line = lineCounter.linePos(syntaxError.pos[0]).line;
    throw new OrgFileError(file, line, "", `not valid YAML/JSON: ${firstLine(syntaxError.message)}`);
  }
  const data: unknown = doc.toJS();
  const result = orgFileSchema.safeParse(data);
  if (result.success) return result.data;

  const issue = result.error.issues[0]!;
  const { path, problem } = describeIssue(issue, data);
  throw new OrgFileError(file, lineOf(doc, lineCounter, path), formatPath(path), problem);
}

type Path = (string | number)[];

function describeIssue(issue: z.core.$ZodIssue, data: unknown): { path: Path; problem: string } {
  const path = issue.path.filter((key): key is string | number => typeof key !== "symbol");
  switch (issue.code) {
    case "unrecognized_keys":
      // Point at the misspelt key itself rather than at the object around it.
      return { path: [...path, issue.keys[0]!], problem: `unknown key "${issue.keys[0]}"` };
    case "invalid_type": {
      const value = valueAt(data, path);
      if (path.length === 0 && (value === null || value === undefined)) {
        return { path, problem: "the file is empty; expected deadlinePolicies, units, areas, officials, categories and routingRules" };
      }
      if (value === undefined) return { path, problem: "is required" };
      return { path, problem: `must be ${expectedNames[issue.expected] ?? issue.expected}, not ${describeValue(value)}` };
    }
    case "invalid_value":
      return { path, problem: `must be one of ${issue.values.map(String).join(", ")}` };
    default:
      return { path, problem: issue.message };
  }
}

const expectedNames: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping (key: value)",
};

function describeValue(value: unknown): string {
  if (value === null) return "empty";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return `text "${value}"`;
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${String(value)}`;
}

function valueAt(data: unknown, path: Path): unknown {
  let current = data;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** The line of the deepest node on the path that exists (a missing key points at its parent). */
function lineOf(doc: Document, lineCounter: LineCounter, path: Path): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return 1;
}

function formatPath(path: Path): string {
  return path.map((key, i) => (typeof key === "number" ? `[${key}]` : i === 0 ? key : `.${key}`)).join("");
}

function firstLine(text: string): string {
  return text.split("\n")[0]!.trim();
}
