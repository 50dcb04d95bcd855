import bcrypt from "bcryptjs";

// bcrypt is slow and salted by design; cost 11 is ~150 ms here, expensive enough for offline guessing.
const COST = 11;

export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(plain: string): Promise<string> {
  return bcrypt.hash(plain, COST);
}

export function verifyPassword(plain: string, hash: string): Promise<boolean> {
  return bcrypt.compare(plain, hash);
}

export { generatePassword } from "./password-generator";
