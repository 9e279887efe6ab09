// UTF-8 decoding that never fails. The matcher steps one code point at a time
// over raw bytes; an invalid or truncated sequence decodes as U+FFFD with a
// width of one byte (the rule Go's regexp uses), so `.` and negated classes
// consume a bad byte and scanning moves on instead of aborting.

export const REPLACEMENT_CHAR: i32 = 0xfffd;
export const MAX_CODE_POINT: i32 = 0x10ffff;

// A decoded code point and its byte width packed into one i32 so the hot loops
// need no allocation: bits 0..20 hold the code point, bits 24..26 the width.
@inline
export function packedCodePoint(packed: i32): i32 {
  return packed & 0x1fffff;
}

@inline
export function packedWidth(packed: i32): i32 {
  return packed >>> 24;
}

@inline
function pack(cp: i32, width: i32): i32 {
  return cp | (width << 24);
}

@inline
function isContinuation(b: u32): bool {
  return (b & 0xc0) == 0x80;
}

// The valid range of a sequence's second byte depends on its lead byte: the
// narrowed ranges exclude overlong forms, surrogates and code points above
// U+10FFFF. Returns true when b1 is acceptable after b0.
@inline
function secondByteFits(b0: u32, b1: u32): bool {
  let lo: u32 = 0x80;
  let hi: u32 = 0xbf;
  if (b0 == 0xe0) lo = 0xa0;
  else if (b0 == 0xed) hi = 0x9f;
  else if (b0 == 0xf0) lo = 0x90;
  else if (b0 == 0xf4) hi = 0x8f;
  return b1 >= lo && b1 <= hi;
}

// Decodes the code point at ptr; `avail` (> 0) is the number of readable bytes.
// A sequence cut short by `avail` decodes as an invalid byte: use
// isIncompletePrefix first when more input may still arrive.
export function decodeAt(ptr: usize, avail: i32): i32 {
  let b0 = <u32>load<u8>(ptr);
  if (b0 < 0x80) return pack(<i32>b0, 1);
  if (b0 < 0xc2 || b0 > 0xf4 || avail < 2) return pack(REPLACEMENT_CHAR, 1);
  let b1 = <u32>load<u8>(ptr, 1);
  if (b0 < 0xe0) {
    if (!isContinuation(b1)) return pack(REPLACEMENT_CHAR, 1);
    return pack(<i32>(((b0 & 0x1f) << 6) | (b1 & 0x3f)), 2);
  }
  if (!secondByteFits(b0, b1) || avail < 3) return pack(REPLACEMENT_CHAR, 1);
  let b2 = <u32>load<u8>(ptr, 2);
  if (!isContinuation(b2)) return pack(REPLACEMENT_CHAR, 1);
  if (b0 < 0xf0) {
    return pack(<i32>(((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f)), 3);
  }
  if (avail < 4) return pack(REPLACEMENT_CHAR, 1);
  let b3 = <u32>load<u8>(ptr, 3);
  if (!isContinuation(b3)) return pack(REPLACEMENT_CHAR, 1);
  return pack(
    <i32>(((b0 & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f)),
    4,
  );
}

// True when the `avail` bytes at ptr are a proper prefix of a valid multi-byte
// sequence, i.e. the next chunk of a stream may still complete the code point.
export function isIncompletePrefix(ptr: usize, avail: i32): bool {
  let b0 = <u32>load<u8>(ptr);
  let need: i32 = b0 < 0xc2 ? 1 : b0 < 0xe0 ? 2 : b0 < 0xf0 ? 3 : b0 <= 0xf4 ? 4 : 1;
  if (avail >= need) return false;
  if (avail == 1) return true;
  // Only 3- and 4-byte sequences get here (avail is 2 or 3).
  if (!secondByteFits(b0, <u32>load<u8>(ptr, 1))) return false;
  if (avail == 3) return isContinuation(<u32>load<u8>(ptr, 2));
  return true;
}
