/**
 * Where a confirmed petition leaves the conversation, its name and phone are sealed and the
 * phone's keyed hash is added, so the intake queue (Redis) and everything after it only ever see
 * them sealed. A petition queued before sealing began still carries them clear: the intake worker
 * seals it the same way before recording it.
 */
import type { ConfirmedPetition, PetitionSubmission } from "../cases/submission";
import { isSealed, type PhoneHash } from "../kernel/sealed";
import type { PersonalDataCipher } from "./cipher";

/** Sealed values (and their hash) are kept as they are; clear ones are sealed. */
export function sealPetition(cipher: PersonalDataCipher, petition: ConfirmedPetition & { contactPhoneHash?: string }): PetitionSubmission {
  const { contactName, contactPhone, contactPhoneHash, ...rest } = petition;
  return {
    ...rest,
    ...(contactName !== undefined ? { contactName: cipher.sealIfClear(contactName) } : {}),
    ...(contactPhone !== undefined
      ? {
          contactPhone: cipher.sealIfClear(contactPhone),
          contactPhoneHash: isSealed(contactPhone) && contactPhoneHash ? (contactPhoneHash as PhoneHash) : cipher.phoneHash(isSealed(contactPhone) ? cipher.open(contactPhone) : contactPhone),
        }
      : {}),
  };
}
