/** The summary a petitioner confirms. Long descriptions are shown whole; adapters split the message. */
import type { OrgSnapshot } from "../../../org/types";
import { placeLabel } from "../../../org/place";
import { accusedLabel } from "../../accused-match";
import type { Draft } from "./data";
import { localName, render } from "../../../kernel/texts";
import type { AttachmentKind, Language } from "../../../kernel/channel";

const attachmentKinds: AttachmentKind[] = ["voice", "photo", "video", "document"];

export function formatSummary(draft: Draft, org: OrgSnapshot, language: Language): string {
  const category = org.categories.find((c) => c.id === draft.categoryId);
  const contact = draft.anonymous
    ? render(language, "summary_anonymous")
    : `${draft.contactName ?? ""}，${draft.contactPhone ?? render(language, "summary_no_phone")}`;
  const lines = [
    render(language, "summary_title"),
    render(language, "summary_category", { value: category ? localName(language, category) : "" }),
    // A conduct complaint: whom it is about, as matched, or the citizen's words.
    ...(category?.conduct ? [render(language, "summary_accused", { value: accusedValue(draft, org, language) })] : []),
    render(language, "summary_area", { value: draft.areaId ? placeLabel(org, draft.areaId) : "" }),
    render(language, "summary_contact", { value: contact }),
  ];
  // Only that a location was shared: the coordinates are for the handling official.
  if (draft.location) lines.push(render(language, "summary_location"));
  if (draft.attachments.length > 0) {
    const kinds = attachmentKinds.filter((kind) => draft.attachments.some((a) => a.kind === kind));
    const byKind = kinds.map((kind) => render(language, "summary_attachment_kind", { kind: render(language, `attachment_${kind}`), count: draft.attachments.filter((a) => a.kind === kind).length }));
    lines.push(render(language, "summary_attachments", { value: draft.attachments.length, kinds: byKind.join(render(language, "list_separator")) }));
  }
  lines.push(render(language, "summary_description", { value: draft.description || render(language, "summary_description_none") }));
  return lines.join("\n");
}

function accusedValue(draft: Draft, org: OrgSnapshot, language: Language): string {
  const accused = draft.accused;
  if (!accused) return render(language, "summary_accused_none");
  return accused.unitId ? accusedLabel(org, { unitId: accused.unitId, ...(accused.officialId ? { officialId: accused.officialId } : {}) }, language) : accused.text;
}
