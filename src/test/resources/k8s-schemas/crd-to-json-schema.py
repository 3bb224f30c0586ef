#!/usr/bin/env python3
"""Turns the openAPIV3Schema of a CustomResourceDefinition into a JSON Schema (draft 2020-12).

    git -C <operator repo> show <tag>:<crd path> | python3 crd-to-json-schema.py <version> > <Kind>.json

What Kubernetes does on its own is made explicit, so that a wrong field fails here as it fails
`kubectl apply` (which refuses unknown fields with field validation "Strict"):
- objects with declared properties allow no other field, unless the CRD says
  x-kubernetes-preserve-unknown-fields or declares additionalProperties;
- x-kubernetes-int-or-string accepts an integer or a string;
- nullable adds null to the type.
Descriptions, examples, formats and CEL rules (x-kubernetes-validations, evaluated by the API
server only) are dropped to keep the files small.
"""
import json
import sys

import yaml

DROPPED = {"description", "example", "format", "x-kubernetes-validations", "x-kubernetes-list-type",
           "x-kubernetes-list-map-keys", "x-kubernetes-map-type", "x-kubernetes-embedded-resource"}


def convert(node):
    if isinstance(node, list):
        return [convert(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key in DROPPED or key.startswith("x-kubernetes-"):
            continue
        if key in ("properties", "patternProperties"):
            out[key] = {name: convert(schema) for name, schema in value.items()}
        else:
            out[key] = convert(value)
    if node.get("x-kubernetes-int-or-string"):
        out.pop("type", None)
        out["type"] = ["integer", "string"]
    if node.get("nullable"):
        out.pop("nullable")
        if isinstance(out.get("type"), str):
            out["type"] = [out["type"], "null"]
    out.pop("nullable", None)
    preserve = node.get("x-kubernetes-preserve-unknown-fields", False)
    if node.get("type") == "object" and "properties" in node and not preserve and "additionalProperties" not in node:
        out["additionalProperties"] = False
    return out


def main():
    version = sys.argv[1]
    crd = next(doc for doc in yaml.safe_load_all(sys.stdin) if doc and doc.get("kind") == "CustomResourceDefinition")
    served = next(v for v in crd["spec"]["versions"] if v["name"] == version)
    schema = convert(served["schema"]["openAPIV3Schema"])
    group = crd["spec"]["group"]
    kind = crd["spec"]["names"]["kind"]
    # A manifest never carries status; the operator writes it.
    schema["properties"].pop("status", None)
    schema["properties"]["apiVersion"] = {"const": group + "/" + version}
    schema["properties"]["kind"] = {"const": kind}
    # metadata is validated by Kubernetes' own ObjectMeta, not by the CRD.
    schema["properties"]["metadata"] = {"type": "object"}
    schema.setdefault("required", [])
    for field in ("apiVersion", "kind", "metadata"):
        if field not in schema["required"]:
            schema["required"].append(field)
    result = {"$schema": "https://json-schema.org/draft/2020-12/schema",
              "$id": "https://yuyue.local/k8s-schemas/" + group + "/" + version + "/" + kind + ".json"}
    result.update(schema)
    json.dump(result, sys.stdout, separators=(",", ":"), sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
