// The Luhn checksum that separates card numbers from other digit runs. Used
// as the CREDIT_CARD pattern's match validator: a candidate span that fails
// it is not a match.

// Checks the digits in [ptr, ptr+len), ignoring space and dash separators.
export function luhnValid(ptr: usize, len: i32): bool {
  let sum = 0;
  let digits = 0;
  for (let i = len - 1; i >= 0; i--) {
    let b = <i32>load<u8>(ptr + <usize>i);
    if (b == 0x20 || b == 0x2d) continue;
    if (b < 0x30 || b > 0x39) return false;
    let d = b - 0x30;
    // Every second digit from the right is doubled (digits of the product summed).
    if ((digits & 1) == 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    digits++;
  }
  return digits >= 13 && digits <= 19 && sum % 10 == 0;
}
