// RE2-syntax parser: pattern text -> AST, or a RegexError with the byte
// position of the problem. Recursive descent over alternation > concatenation
// > repetition > atom. Flags set by (?flags) last until the enclosing group
// closes, across | as in RE2.

import { Assert, Node, NodeKind } from "./ast";
import { CharClass } from "./charclass";
import { parseClass } from "./class-parser";
import { RegexError } from "./errors";
import { EscapeKind, parseEscape } from "./escapes";
import { PatternReader } from "./reader";

export const MAX_REPEAT: i32 = 1000;
// Deeper nesting is refused rather than risking the wasm call stack.
export const MAX_NESTING: i32 = 1000;

const FLAG_FOLD_CASE: i32 = 1; // i
const FLAG_MULTI_LINE: i32 = 2; // m
const FLAG_DOT_NL: i32 = 4; // s
const FLAG_UNGREEDY: i32 = 8; // U

export class ParseResult {
  constructor(public node: Node | null, public error: RegexError | null) {}
}

export function parse(pattern: string): ParseResult {
  let p = new Parser(new PatternReader(pattern));
  let node = p.parseAlternation();
  let r = p.reader;
  if (node !== null && !r.failed() && !r.eof()) {
    // Only an unmatched ')' stops the top-level alternation early.
    r.fail("unexpected ): " + r.text(0, r.pos + 1), r.pos);
  }
  if (r.failed()) return new ParseResult(null, r.error);
  return new ParseResult(node, null);
}

class Parser {
  flags: i32 = 0;
  depth: i32 = 0;
  groupNames: Array<string> = new Array<string>();

  constructor(public reader: PatternReader) {}

  parseAlternation(): Node | null {
    let branches = new Array<Node>();
    while (true) {
      let branch = this.parseConcat();
      if (branch === null) return null;
      branches.push(branch);
      if (!this.reader.accept("|")) break;
    }
    if (branches.length == 1) return branches[0];
    return Node.list(NodeKind.Alternate, branches);
  }

  parseConcat(): Node | null {
    let r = this.reader;
    let items = new Array<Node>();
    // RE2 quirk: an operator right after a flag group such as (?i) applies to
    // the item before the group ("a(?i)*" is "a*" followed by the flags).
    let afterFlagGroup = false;
    while (!r.eof() && r.peek() != 0x7c && r.peek() != 0x29) {
      let c = r.peek();
      let atom: Node;
      if (this.atRepetitionOperator()) {
        if (!afterFlagGroup || items.length == 0) {
          r.fail("missing argument to repetition operator: " + r.text(r.pos, this.operatorEnd()), r.pos);
          return null;
        }
        atom = items.pop();
      } else if (c == 0x5c && r.peek(1) == 0x51) {
        // \Q...\E: a following operator applies to the last quoted literal.
        r.pos += 2;
        let before = items.length;
        this.parseQuoted(items);
        if (items.length == before) continue;
        atom = items.pop();
      } else {
        let parsed = this.parseAtom();
        if (r.failed()) return null;
        if (parsed === null) {
          afterFlagGroup = true; // a flag group yields no node
          continue;
        }
        atom = parsed;
      }
      afterFlagGroup = false;
      let repeated = this.parseRepetitions(atom);
      if (repeated === null) return null;
      items.push(repeated);
    }
    if (items.length == 0) return new Node(NodeKind.Empty);
    if (items.length == 1) return items[0];
    return Node.list(NodeKind.Concat, items);
  }

  // One atom. Returns null for a flag-only group (no error) or on error.
  parseAtom(): Node | null {
    let r = this.reader;
    let c = r.peek();
    if (c == 0x28) return this.parseGroup();
    if (c == 0x5b) {
      let cls = parseClass(r, this.has(FLAG_FOLD_CASE));
      if (cls === null) return null;
      return Node.charClass(cls);
    }
    if (c == 0x2e) {
      r.pos++;
      return new Node(this.has(FLAG_DOT_NL) ? NodeKind.AnyChar : NodeKind.AnyNotNewline);
    }
    if (c == 0x5e) {
      r.pos++;
      return Node.assertion(this.has(FLAG_MULTI_LINE) ? Assert.BEGIN_LINE : Assert.BEGIN_TEXT);
    }
    if (c == 0x24) {
      r.pos++;
      return Node.assertion(this.has(FLAG_MULTI_LINE) ? Assert.END_LINE : Assert.END_TEXT);
    }
    if (c == 0x5c) {
      let e = parseEscape(r, false, this.has(FLAG_FOLD_CASE));
      if (e === null) return null;
      if (e.kind == EscapeKind.Class) return Node.charClass(e.cls!);
      if (e.kind == EscapeKind.Assert) return Node.assertion(e.assert);
      return this.literal(e.codePoint);
    }
    return this.literal(r.nextCodePoint());
  }

  // A literal code point; under (?i) an ASCII letter becomes a two-member class.
  literal(cp: i32): Node {
    if (this.has(FLAG_FOLD_CASE)) {
      let lower = cp | 0x20;
      if (lower >= 0x61 && lower <= 0x7a) return Node.charClass(new CharClass().addRange(cp, cp).foldAscii());
    }
    return Node.literal(cp);
  }

  // \Q...\E: every code point up to \E (or the end) is literal.
  parseQuoted(items: Array<Node>): void {
    let r = this.reader;
    while (!r.eof()) {
      if (r.peek() == 0x5c && r.peek(1) == 0x45) {
        r.pos += 2;
        return;
      }
      items.push(this.literal(r.nextCodePoint()));
    }
  }

  parseGroup(): Node | null {
    let r = this.reader;
    let open = r.pos;
    let outerFlags = this.flags;
    r.pos++;
    if (r.accept("?")) {
      if (r.accept("P<") || (r.peek() == 0x3c && r.peek(1) != 0x3d && r.peek(1) != 0x21 && r.accept("<"))) {
        if (!this.parseGroupName(open)) return null;
      } else if (r.peek() == 0x3d || r.peek() == 0x21) {
        r.fail("lookahead assertions are not supported: " + r.text(open, r.pos + 1), open);
        return null;
      } else if (r.accept("<=") || r.accept("<!")) {
        r.fail("lookbehind assertions are not supported: " + r.text(open, r.pos), open);
        return null;
      } else if (r.accept("P=") || r.accept("P>")) {
        r.fail("backreferences are not supported: " + r.text(open, r.pos), open);
        return null;
      } else if (!this.parseFlags(open)) {
        return null;
      } else if (r.peek(-1) == 0x29) {
        return null; // (?flags): applies to the rest of the enclosing group
      }
    }
    if (this.depth >= MAX_NESTING) {
      r.fail("expression nests too deeply", open);
      return null;
    }
    this.depth++;
    let body = this.parseAlternation();
    this.flags = outerFlags;
    this.depth--;
    if (body === null) return null;
    if (!r.accept(")")) {
      r.fail("missing closing ): " + r.text(open, r.pos), open);
      return null;
    }
    return body;
  }

  // After "(?P<" or "(?<": name, then '>'.
  parseGroupName(open: i32): bool {
    let r = this.reader;
    let nameStart = r.pos;
    while (isWordByte(r.peek())) r.pos++;
    if (r.pos == nameStart || r.peek() != 0x3e) {
      return r.fail("invalid named capture group: " + r.text(open, r.pos + 1), open);
    }
    let name = r.text(nameStart, r.pos);
    r.pos++;
    if (this.groupNames.includes(name)) {
      return r.fail("duplicate capture group name: " + name, open);
    }
    this.groupNames.push(name);
    return true;
  }

  // After "(?": flags [imsU]*(-[imsU]+)? then ':' (group) or ')' (rest of the
  // enclosing group). Leaves r.pos after the ':' or ')'.
  parseFlags(open: i32): bool {
    let r = this.reader;
    let flags = this.flags;
    let negate = false;
    let sawFlagAfterMinus = false;
    while (true) {
      let c = r.peek();
      let bit = 0;
      if (c == 0x69) bit = FLAG_FOLD_CASE;
      else if (c == 0x6d) bit = FLAG_MULTI_LINE;
      else if (c == 0x73) bit = FLAG_DOT_NL;
      else if (c == 0x55) bit = FLAG_UNGREEDY;
      if (bit != 0) {
        flags = negate ? flags & ~bit : flags | bit;
        sawFlagAfterMinus = negate;
        r.pos++;
        continue;
      }
      if (c == 0x2d && !negate) {
        negate = true;
        r.pos++;
        continue;
      }
      if ((c == 0x3a || c == 0x29) && (!negate || sawFlagAfterMinus)) {
        r.pos++;
        this.flags = flags;
        return true;
      }
      return r.fail(unsupportedGroupMessage(r, open), open);
    }
  }

  // Applies every repetition operator that follows `atom`. RE2 refuses stacked
  // operators (a**, a*+, a{2}{3}), which also rules out possessive forms.
  parseRepetitions(atom: Node): Node | null {
    let r = this.reader;
    let opStart = r.pos;
    let c = r.peek();
    let min = 0;
    let max = 0;
    if (c == 0x2a) {
      max = -1;
    } else if (c == 0x2b) {
      min = 1;
      max = -1;
    } else if (c == 0x3f) {
      max = 1;
    } else if (c == 0x7b && this.repeatEnd() > 0) {
      let end = this.repeatEnd();
      let bounds = this.readRepeatBounds();
      min = bounds[0];
      max = bounds[1];
      if (min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && max < min)) {
        r.fail("invalid repetition size: " + r.text(opStart, end), opStart);
        return null;
      }
      r.pos = end - 1; // the common advance below steps over the '}'
    } else {
      return atom;
    }
    r.pos++;
    let lazy = r.accept("?");
    let opEnd = r.pos;
    if (this.atRepetitionOperator()) {
      let what = "invalid nested repetition operator: ";
      if (r.peek() == 0x2b && !lazy) what = "possessive repetition is not supported: ";
      r.fail(what + r.text(opStart, this.operatorEnd()), opStart);
      return null;
    }
    let node = Node.repeat(atom, min, max, lazy == this.has(FLAG_UNGREEDY));
    if ((min >= 2 || max >= 2) && c == 0x7b && repeatBudget(node, MAX_REPEAT) == 0) {
      r.fail("invalid repetition size: nested counts exceed " + MAX_REPEAT.toString() + ": " + r.text(opStart, opEnd), opStart);
      return null;
    }
    return node;
  }

  // True at * + ? or a well-formed {n}, {n,} or {n,m} (any other '{' is a
  // literal).
  atRepetitionOperator(): bool {
    let c = this.reader.peek();
    return c == 0x2a || c == 0x2b || c == 0x3f || (c == 0x7b && this.repeatEnd() > 0);
  }

  // Offset just past the operator at r.pos (see atRepetitionOperator).
  operatorEnd(): i32 {
    return this.reader.peek() == 0x7b ? this.repeatEnd() : this.reader.pos + 1;
  }

  // Offset just past the '}' of a well-formed {n}, {n,} or {n,m} at r.pos, or 0.
  repeatEnd(): i32 {
    let r = this.reader;
    let i = 1;
    let digits = 0;
    while (isDigit(r.peek(i))) {
      i++;
      digits++;
    }
    if (digits == 0) return 0;
    if (r.peek(i) == 0x2c) {
      i++;
      while (isDigit(r.peek(i))) i++;
    }
    return r.peek(i) == 0x7d ? r.pos + i + 1 : 0;
  }

  // Reads {n}, {n,} or {n,m} at r.pos (known well-formed) as [min, max].
  // Counts saturate above MAX_REPEAT so huge numbers cannot overflow.
  readRepeatBounds(): StaticArray<i32> {
    let r = this.reader;
    let i = 1;
    let min = readCount(r, i);
    while (isDigit(r.peek(i))) i++;
    let max = min;
    if (r.peek(i) == 0x2c) {
      i++;
      max = isDigit(r.peek(i)) ? readCount(r, i) : -1;
    }
    let out = new StaticArray<i32>(2);
    out[0] = min;
    out[1] = max;
    return out;
  }

  has(flag: i32): bool {
    return (this.flags & flag) != 0;
  }
}

function readCount(r: PatternReader, offset: i32): i32 {
  let v = 0;
  while (isDigit(r.peek(offset))) {
    if (v <= MAX_REPEAT) v = v * 10 + (r.peek(offset) - 0x30);
    offset++;
  }
  return v;
}

// RE2 bounds the product of nested counted repetitions: starting from 1000,
// each enclosing {n,m} divides the budget by its largest count; reaching zero
// means the expansion would be too large.
function repeatBudget(node: Node, budget: i32): i32 {
  if (node.kind == NodeKind.Repeat) {
    let m = node.max >= 0 ? node.max : node.min;
    if (m > 0) budget /= m;
  }
  let least = budget;
  let children = node.children;
  for (let i = 0; i < children.length; i++) {
    let b = repeatBudget(children[i], budget);
    if (b < least) least = b;
  }
  return least;
}

function unsupportedGroupMessage(r: PatternReader, open: i32): string {
  let c = r.peek();
  if (c == 0x3e) return "atomic groups are not supported: " + r.text(open, r.pos + 1);
  if (c == 0x23) return "comments are not supported: " + r.text(open, r.pos + 1);
  return "invalid or unsupported group syntax: " + r.text(open, r.pos + 1);
}

function isDigit(b: i32): bool {
  return b >= 0x30 && b <= 0x39;
}

function isWordByte(b: i32): bool {
  return isDigit(b) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b == 0x5f;
}
