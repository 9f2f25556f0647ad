/** The summary a petitioner confirms. Long descriptions are shown whole; adapters split the message. */
import type { OrgSnapshot } from "../../../org/types";
import { placeLabel } from "../../place";
import type { Draft } from "./data";
import { localName, render } from "../../../kernel/texts";
import type { Language } from "../../../kernel/channel";

export function formatSummary(draft: Draft, org: OrgSnapshot, language: Language): string {
  const category = org.categories.find((c) => c.id === draft.categoryId);
  const contact = draft.anonymous
    ? render(language, "summary_anonymous")
    : `${draft.contactName ?? ""}，${draft.contactPhone ?? render(language, "summary_no_phone")}`;
  const lines = [
    render(language, "summary_title"),
    render(language, "summary_category", { value: category ? localName(language, category) : "" }),
    render(language, "summary_area", { value: draft.areaId ? placeLabel(org, draft.areaId) : "" }),
    render(language, "summary_contact", { value: contact }),
  ];
  if (draft.attachments.length > 0) lines.push(render(language, "summary_attachments", { value: draft.attachments.length }));
  lines.push(render(language, "summary_description", { value: draft.description }));
  return lines.join("\n");
}
