/**
 * Mobile numbers as people type them: full-width digits, spaces, dashes, +86 / 0086 prefixes.
 * Normalised to E.164 (+8613800138000) with libphonenumber-js; only mainland mobiles are accepted,
 * since officials call back on them.
 */
import { parsePhoneNumberFromString } from "libphonenumber-js/max";

export function normalisePhone(input: string): string | null {
  const cleaned = input.normalize("NFKC").replace(/[\s\-()（）]/g, "").replace(/^00/, "+");
  if (!/^\+?\d{6,15}$/.test(cleaned)) return null;
  const phone = parsePhoneNumberFromString(cleaned, "CN");
  if (!phone || !phone.isValid() || phone.countryCallingCode !== "86" || phone.getType() !== "MOBILE") return null;
  return phone.number;
}
