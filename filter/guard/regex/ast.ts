// The parsed form of one pattern. Flags are already applied: case folding is
// baked into classes, (?s) picked the kind of dot, (?m) the kind of ^ and $,
// (?U) the greediness of each repetition.

import { CharClass } from "./charclass";

export const enum NodeKind {
  Empty, // matches the empty string
  Literal, // one code point
  Class, // one code point from `cls`
  AnyChar, // any code point, newline included
  AnyNotNewline, // any code point but \n
  Assert, // empty-width assertion, `assert` holds one Assert bit
  Concat,
  Alternate,
  Repeat,
}

// Empty-width assertions, as bits so a position's satisfied set is one mask.
export namespace Assert {
  export const BEGIN_TEXT: i32 = 1;
  export const END_TEXT: i32 = 2;
  export const BEGIN_LINE: i32 = 4;
  export const END_LINE: i32 = 8;
  export const WORD_BOUNDARY: i32 = 16;
  export const NOT_WORD_BOUNDARY: i32 = 32;
}

export class Node {
  codePoint: i32 = 0;
  cls: CharClass | null = null;
  assert: i32 = 0;
  children: Array<Node> = new Array<Node>();
  min: i32 = 0;
  max: i32 = 0; // -1: unbounded
  greedy: bool = true;

  constructor(public kind: NodeKind) {}

  static literal(cp: i32): Node {
    let n = new Node(NodeKind.Literal);
    n.codePoint = cp;
    return n;
  }

  static charClass(cls: CharClass): Node {
    let n = new Node(NodeKind.Class);
    n.cls = cls;
    return n;
  }

  static assertion(bit: i32): Node {
    let n = new Node(NodeKind.Assert);
    n.assert = bit;
    return n;
  }

  static list(kind: NodeKind, children: Array<Node>): Node {
    let n = new Node(kind);
    n.children = children;
    return n;
  }

  static repeat(sub: Node, min: i32, max: i32, greedy: bool): Node {
    let n = new Node(NodeKind.Repeat);
    n.children.push(sub);
    n.min = min;
    n.max = max;
    n.greedy = greedy;
    return n;
  }
}
