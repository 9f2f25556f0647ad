/**
 * Reads the organisation file and checks it. Whatever is wrong comes back as ONE line naming the
 * file, the line and the field — `org/sample.yaml:42: officials[3].unit: unknown unit "town-x"`.
 * Reading and naming the line are src/org/yaml-file.ts's, shared with the working-day calendar.
 */
import { orgFileSchema, type OrgFile } from "./file-schema";
import { parseOfficeText, readOfficeFileText } from "./yaml-file";

export type { OrgFile } from "./file-schema";
export { OrgFileError } from "./yaml-file";

export async function readOrgFile(path: string): Promise<OrgFile> {
  return parseOrgText(await readOfficeFileText(path), path);
}

/** Parses and checks the text of an organisation file; `file` is only used in messages. */
export function parseOrgText(text: string, file: string): OrgFile {
  return parseOfficeText(text, orgFileSchema, {
    file,
    whenEmpty: "the file is empty; expected deadlinePolicies, units, areas, officials, categories and routingRules",
  });
}
