// Sets of code points as sorted, disjoint, non-adjacent inclusive ranges
// [lo0, hi0, lo1, hi1, ...]. Built by the parser, compiled into bitmap + range
// tables by the compiler. Case folding is ASCII-only (documented limitation:
// RE2 also folds e.g. K/k with U+212A KELVIN SIGN).

import { MAX_CODE_POINT } from "./utf8";

export class CharClass {
  ranges: Array<i32> = new Array<i32>();

  addRange(lo: i32, hi: i32): CharClass {
    this.ranges.push(lo);
    this.ranges.push(hi);
    this.normalize();
    return this;
  }

  addClass(other: CharClass): CharClass {
    let r = other.ranges;
    for (let i = 0; i < r.length; i++) this.ranges.push(r[i]);
    this.normalize();
    return this;
  }

  isEmpty(): bool {
    return this.ranges.length == 0;
  }

  // Complement over [0, U+10FFFF].
  negate(): CharClass {
    let r = this.ranges;
    let out = new Array<i32>();
    let next = 0;
    for (let i = 0; i < r.length; i += 2) {
      if (r[i] > next) {
        out.push(next);
        out.push(r[i] - 1);
      }
      next = r[i + 1] + 1;
    }
    if (next <= MAX_CODE_POINT) {
      out.push(next);
      out.push(MAX_CODE_POINT);
    }
    this.ranges = out;
    return this;
  }

  // Adds the other-case twin of every ASCII letter in the set.
  foldAscii(): CharClass {
    let r = this.ranges;
    let n = r.length;
    for (let i = 0; i < n; i += 2) {
      addShifted(r, r[i], r[i + 1], 0x61, 0x7a, -32); // a-z -> A-Z
      addShifted(r, r[i], r[i + 1], 0x41, 0x5a, 32); // A-Z -> a-z
    }
    this.normalize();
    return this;
  }

  // Sorts by lower bound and merges overlapping or adjacent ranges.
  private normalize(): void {
    let r = this.ranges;
    let n = r.length;
    // Insertion sort of pairs: classes hold few ranges, and this runs at
    // config time only.
    for (let i = 2; i < n; i += 2) {
      let lo = r[i];
      let hi = r[i + 1];
      let j = i - 2;
      while (j >= 0 && r[j] > lo) {
        r[j + 2] = r[j];
        r[j + 3] = r[j + 1];
        j -= 2;
      }
      r[j + 2] = lo;
      r[j + 3] = hi;
    }
    let out = new Array<i32>();
    for (let i = 0; i < n; i += 2) {
      let k = out.length;
      if (k > 0 && r[i] <= out[k - 1] + 1) {
        if (r[i + 1] > out[k - 1]) out[k - 1] = r[i + 1];
      } else {
        out.push(r[i]);
        out.push(r[i + 1]);
      }
    }
    this.ranges = out;
  }
}

function addShifted(r: Array<i32>, lo: i32, hi: i32, from: i32, to: i32, shift: i32): void {
  let a = lo > from ? lo : from;
  let b = hi < to ? hi : to;
  if (a <= b) {
    r.push(a + shift);
    r.push(b + shift);
  }
}

// Perl classes as RE2 defines them (ASCII only).
export function digitClass(): CharClass {
  return new CharClass().addRange(0x30, 0x39);
}

export function spaceClass(): CharClass {
  // RE2's \s is [\t\n\f\r ]: no \v.
  return new CharClass().addRange(0x09, 0x0a).addRange(0x0c, 0x0d).addRange(0x20, 0x20);
}

export function wordClass(): CharClass {
  return new CharClass().addRange(0x30, 0x39).addRange(0x41, 0x5a).addRange(0x5f, 0x5f).addRange(0x61, 0x7a);
}

@inline
export function isWordCodePoint(cp: i32): bool {
  return (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x30 && cp <= 0x39) || cp == 0x5f;
}

// POSIX [[:name:]] classes (ASCII, as in RE2). Returns null for unknown names.
export function posixClass(name: string): CharClass | null {
  let c = new CharClass();
  if (name == "alnum") return c.addRange(0x30, 0x39).addRange(0x41, 0x5a).addRange(0x61, 0x7a);
  if (name == "alpha") return c.addRange(0x41, 0x5a).addRange(0x61, 0x7a);
  if (name == "ascii") return c.addRange(0x00, 0x7f);
  if (name == "blank") return c.addRange(0x09, 0x09).addRange(0x20, 0x20);
  if (name == "cntrl") return c.addRange(0x00, 0x1f).addRange(0x7f, 0x7f);
  if (name == "digit") return c.addRange(0x30, 0x39);
  if (name == "graph") return c.addRange(0x21, 0x7e);
  if (name == "lower") return c.addRange(0x61, 0x7a);
  if (name == "print") return c.addRange(0x20, 0x7e);
  if (name == "punct") return c.addRange(0x21, 0x2f).addRange(0x3a, 0x40).addRange(0x5b, 0x60).addRange(0x7b, 0x7e);
  if (name == "space") return c.addRange(0x09, 0x0d).addRange(0x20, 0x20);
  if (name == "upper") return c.addRange(0x41, 0x5a);
  if (name == "word") return wordClass();
  if (name == "xdigit") return c.addRange(0x30, 0x39).addRange(0x41, 0x46).addRange(0x61, 0x66);
  return null;
}
