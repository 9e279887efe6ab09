import assert from "node:assert/strict";
import { test } from "node:test";
import { splitThresholds } from "./weighted-split.ts";

test("cumulative thresholds per million; the last backend takes the rest", () => {
  assert.deepEqual(splitThresholds([1]), []);
  assert.deepEqual(splitThresholds([90, 10]), [900000]);
  assert.deepEqual(splitThresholds([1, 1, 1]), [333333, 666667]);
  assert.deepEqual(splitThresholds([1, 2, 1]), [250000, 750000]);
});
