/**
 * The office's files under org/ (the organisation file, the working-day calendar) are edited by
 * hand, so whatever is wrong with one comes back as ONE line naming the file, the line and the
 * field — `org/sample.yaml:42: officials[3].unit: unknown unit "town-x"` — because the person
 * fixing it is an office clerk with a text editor, not a developer.
 *
 * JSON goes through the YAML parser too (JSON is YAML 1.2), so both formats get line numbers.
 * Each file's zod schema reports its own problems with the path of the offending field; this
 * module turns the first one into that line.
 */
import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import type { z } from "zod";

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

/** The text of an office file, or an OrgFileError saying plainly why not. */
export async function readOfficeFileText(path: string): Promise<string> {
  if (!extensions.includes(extname(path).toLowerCase())) {
    throw new OrgFileError(path, null, "", "must be a .yaml, .yml or .json file");
  }
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    const code = error instanceof Error && "code" in error ? String(error.code) : "unknown error";
    throw new OrgFileError(path, null, "", code === "ENOENT" ? "no such file" : `cannot be read (${code})`);
  }
}

export interface ParseOptions {
  /** Used only in messages. */
  file: string;
  /** What to say when the file holds nothing, e.g. which keys it should have. */
  whenEmpty: string;
}

/** Parses YAML/JSON text and checks it against `schema`; the first problem becomes an OrgFileError. */
export function parseOfficeText<S extends z.ZodType>(text: string, schema: S, { file, whenEmpty }: ParseOptions): z.output<S> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntaxError = doc.errors[0];
  if (syntaxError) {
    const line = lineCounter.linePos(syntaxError.pos[0]).line;
    const problem = syntaxError.code === "DUPLICATE_KEY" ? duplicateKey(text, syntaxError.pos[0]) : firstLine(syntaxError.message);
    throw new OrgFileError(file, line, "", `not valid YAML/JSON: ${problem}`);
  }
  const data: unknown = doc.toJS();
  const result = schema.safeParse(data);
  if (result.success) return result.data;

  const issue = result.error.issues[0]!;
  const { path, problem, atKey } = describeIssue(issue, data, whenEmpty);
  throw new OrgFileError(file, lineOf(doc, lineCounter, path, atKey), formatPath(path), problem);
}

type Path = (string | number)[];

function describeIssue(issue: z.core.$ZodIssue, data: unknown, whenEmpty: string): { path: Path; problem: string; atKey?: boolean } {
  const path = issue.path.filter((key): key is string | number => typeof key !== "symbol");
  switch (issue.code) {
    case "unrecognized_keys":
      // Point at the misspelt key itself rather than at the object around it.
      return { path: [...path, issue.keys[0]!], problem: `unknown key "${issue.keys[0]}"`, atKey: true };
    case "invalid_key":
      // A record's key (a year, a name) that its schema refuses: say why, not "invalid key".
      return { path, problem: issue.issues[0]?.message ?? issue.message, atKey: true };
    case "invalid_type": {
      const value = valueAt(data, path);
      if (path.length === 0 && (value === null || value === undefined)) return { path, problem: whenEmpty };
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
  record: "a mapping (key: value)",
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

/**
 * The line of the deepest node on the path that exists (a missing key points at its parent).
 * That is the value's first line; `atKey` asks for the key's line instead (a misspelt key whose
 * value is a block below it).
 */
function lineOf(doc: Document, lineCounter: LineCounter, path: Path, atKey = false): number {
  const range = nodesAlong(doc, path, atKey).findLast((node) => node.range)?.range;
  return range ? lineCounter.linePos(range[0]).line : 1;
}

/**
 * The nodes from the document's root down the path, as far as it exists. Keys are matched by
 * their text, not by `doc.getIn`: a YAML key written `2026:` is the number 2026 in the document
 * but the text "2026" in the parsed object (and so in zod's path).
 */
function nodesAlong(doc: Document, path: Path, atKey: boolean): Node[] {
  const nodes: Node[] = [];
  let current: unknown = doc.contents;
  if (isNode(current)) nodes.push(current);
  for (const [depth, key] of path.entries()) {
    if (isMap(current)) {
      const pair = current.items.find((item) => (isScalar(item.key) ? String(item.key.value) : String(item.key)) === String(key));
      if (!pair) break;
      // A key with nothing after it (`2027:`) has no value node: point at the key.
      if (isNode(pair.key) && ((atKey && depth === path.length - 1) || !isNode(pair.value))) {
        nodes.push(pair.key);
        break;
      }
      current = pair.value;
    } else if (isSeq(current) && typeof key === "number") {
      current = current.items[key];
    } else {
      break;
    }
    if (!isNode(current)) break;
    nodes.push(current);
  }
  return nodes;
}

function formatPath(path: Path): string {
  return path.map((key, i) => (typeof key === "number" ? `[${key}]` : i === 0 ? key : `.${key}`)).join("");
}

/** `2026 is listed twice`, from the text of the repeated key at `offset`. */
function duplicateKey(text: string, offset: number): string {
  const key = /^\s*("[^"]*"|'[^']*'|[^:\n]*?)\s*:/.exec(text.slice(offset))?.[1]?.replace(/^["']|["']$/g, "");
  return key ? `${key} is listed twice (keys must be unique)` : "map keys must be unique";
}

function firstLine(text: string): string {
  return text.split("\n")[0]!.trim();
}
