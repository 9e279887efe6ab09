// The Luhn checksum that separates card numbers from other digit runs, and
// the CREDIT_CARD pattern's match validator built on it.

/**
 * CREDIT_CARD's validator: the candidate span is a card, or ends with one
 * that starts right after a separator ("Order 12 4111 1111 1111 1111").
 * Without the second rule that card would leak: the engine offers the span
 * from "12" first, and the card's own span, merged into it, is never offered
 * (filter/guard/regex/README.md). Masking "12 " with it is the cheaper error.
 */
export function cardValid(ptr: usize, len: i32): bool {
  // One pass from the right: the Luhn sum of every suffix is known as soon as
  // its first digit is read, so checking the group-aligned ones costs nothing.
  let sum = 0;
  let digits = 0;
  for (let i = len - 1; i >= 0; i--) {
    let b = <i32>load<u8>(ptr + <usize>i);
    if (isSeparator(b)) continue;
    if (b < 0x30 || b > 0x39) return false;
    let d = b - 0x30;
    // Every second digit from the right is doubled (digits of the product summed).
    if ((digits & 1) == 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    digits++;
    if (digits < 13 || digits > 19 || sum % 10 != 0) continue;
    if (i == 0 || isSeparator(<i32>load<u8>(ptr + <usize>(i - 1)))) return true;
  }
  return false;
}

// @ts-ignore: decorator
@inline
function isSeparator(b: i32): bool {
  return b == 0x20 || b == 0x2d;
}
