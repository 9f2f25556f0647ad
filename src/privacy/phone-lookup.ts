/**
 * Finding a person's petitions by phone number without the number being stored in clear: the
 * number is normalised and hashed under each hash key listed, and the hashes looked up (an index
 * on Petition.contactPhoneHash). For claiming a case recorded at a visit, and for linking a
 * petitioner's cases.
 */
import type { Db } from "../store/client";
import { petitionsByPhoneHash, type PetitionByPhone } from "../store/personal-data";
import type { PersonalDataCipher } from "./cipher";

export type { PetitionByPhone };

export function findPetitionsByPhone(db: Db, cipher: PersonalDataCipher, phone: string): Promise<PetitionByPhone[]> {
  return petitionsByPhoneHash(db, cipher.lookupHashes(phone));
}
