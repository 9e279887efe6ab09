// Certificates made at test time with openssl: a CA, and server certificates
// it signs for a given DNS name. Nothing is checked in.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface TestCA {
  /** PEM file of the CA certificate, for Envoy's trusted_ca. */
  caFile: string;
  /** A server key and certificate for `dnsName`, signed by this CA. */
  issue(dnsName: string): { key: string; cert: string };
}

const EC = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

function openssl(args: string[], cwd: string): void {
  execFileSync("openssl", args, { cwd, stdio: "pipe" });
}

export function makeTestCA(dir: string, name: string): TestCA {
  const key = join(dir, `${name}.key`);
  const caFile = join(dir, `${name}.pem`);
  openssl(["req", "-x509", ...EC, "-keyout", key, "-out", caFile, "-days", "1", "-subj", `/CN=${name}`,
    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"], dir);
  let serial = 0;
  return {
    caFile,
    issue(dnsName) {
      const base = join(dir, `${name}-${++serial}`);
      writeFileSync(`${base}.ext`, `subjectAltName=DNS:${dnsName}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
      openssl(["req", ...EC, "-keyout", `${base}.key`, "-out", `${base}.csr`, "-subj", `/CN=${dnsName}`], dir);
      openssl(["x509", "-req", "-in", `${base}.csr`, "-CA", caFile, "-CAkey", key, "-set_serial", String(serial),
        "-out", `${base}.pem`, "-days", "1", "-extfile", `${base}.ext`], dir);
      return { key: readFileSync(`${base}.key`, "utf8"), cert: readFileSync(`${base}.pem`, "utf8") };
    },
  };
}
