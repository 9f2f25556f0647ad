/** Fixed personal-data keys for tests, and the cipher made from them. */
import { PersonalDataCipher } from "../../src/privacy/cipher";
import { formatKeyList, type KeyEntry } from "../../src/privacy/key-ring";
import type { Sealed } from "../../src/kernel/sealed";

export const testKey = (id: string, fill: number): KeyEntry => ({ id, key: Buffer.alloc(32, fill) });

export const testDataKeys = [testKey("k1", 1)];
export const testHashKeys = [testKey("h1", 2)];

export const testCipher = new PersonalDataCipher({ dataKeys: testDataKeys, hashKeys: testHashKeys });

/** The environment a process under test needs to share these keys. */
export const testKeyEnv = { MINQING_DATA_KEYS: formatKeyList(testDataKeys), MINQING_HASH_KEYS: formatKeyList(testHashKeys) };

export const sealed = (clear: string): Sealed => testCipher.seal(clear);
