// Unit tests of the host's data rules: header-map serialization and body-buffer writes.

import assert from "node:assert/strict";
import { test } from "node:test";
import { ByteBuf, bodyBuffer } from "./buffers.ts";
import { WasmResult } from "./constants.ts";
import { HeaderMap, decodePairs, encodePairs } from "./header-map.ts";

test("header pairs: u32 count, (klen, vlen)…, then key\\0value\\0…", () => {
  const bytes = encodePairs([[":status", "200"], ["x-é", ""]]);
  const view = new DataView(bytes.buffer);
  assert.deepEqual([view.getUint32(0, true), view.getUint32(4, true), view.getUint32(8, true), view.getUint32(12, true), view.getUint32(16, true)], [2, 7, 3, 4, 0]);
  assert.equal(Buffer.from(bytes.subarray(20)).toString("latin1"), ":status\0" + "200\0" + Buffer.from("x-é").toString("latin1") + "\0\0");
  assert.deepEqual(decodePairs(bytes), [[":status", "200"], ["x-é", ""]]);
  assert.deepEqual(decodePairs(new Uint8Array(3)), [], "shorter than the count");
  assert.deepEqual(decodePairs(new Uint8Array([5, 0, 0, 0, 1, 0, 0, 0])), [], "count larger than the size table");
});

test("header maps: lower-case names, pseudo-headers first, first value wins", () => {
  const map = HeaderMap.from({ "Content-Type": "a", ":path": "/" });
  map.add(":method", "GET");
  map.add("content-type", "b");
  assert.deepEqual(map.pairs(), [[":path", "/"], [":method", "GET"], ["content-type", "a"], ["content-type", "b"]]);
  assert.equal(map.get("CONTENT-TYPE"), "a");
  map.set("content-type", "c");
  assert.deepEqual(map.getAll("content-type"), ["c", "b"]);
  map.remove("content-type");
  assert.equal(map.has("content-type"), false);
  assert.equal(map.byteSize(), ":path/:methodGET".length);
});

test("body writes follow Envoy's Buffer::copyFrom", () => {
  const write = (start: number, length: number, data: string, initial = "hello") => {
    const buf = new ByteBuf(Buffer.from(initial));
    const result = bodyBuffer(buf).write(start, length, Buffer.from(data));
    return [result, Buffer.from(buf.data).toString()];
  };
  assert.deepEqual(write(0, 0, ">"), [WasmResult.Ok, ">hello"], "prepend");
  assert.deepEqual(write(0, 5, "bye"), [WasmResult.Ok, "bye"], "replace all");
  assert.deepEqual(write(0, 99, "bye"), [WasmResult.Ok, "bye"], "replace all, length past the end");
  assert.deepEqual(write(5, 0, "!"), [WasmResult.Ok, "hello!"], "append");
  assert.deepEqual(write(9, 3, "!"), [WasmResult.Ok, "hello!"], "append from past the end");
  assert.deepEqual(write(0, 2, "J"), [WasmResult.Ok, "Jllo"], "prefix replace (drain then prepend)");
  assert.deepEqual(write(2, 1, "?"), [WasmResult.BadArgument, "hello"], "middle");
});
