// Writes envoy/deploy/01-crds.yaml: Weir's CRDs exactly as the controller
// generates them (controller/crds, the same text `weir crds` prints), so the
// install folder never drifts from the code. test/kube/deploy-manifests.test.ts
// fails when the file is stale.
//   node --import tsx scripts/kube/write-deploy-crds.ts
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { deployCrdsText } from "../../test/kube/deploy-files.ts";

const path = join(__dirname, "..", "..", "envoy", "deploy", "01-crds.yaml");
writeFileSync(path, deployCrdsText());
console.log(`wrote ${path}`);
