#!/usr/bin/env python3
"""Writes docs/contracts.md from protos/: every service, method (with its HTTP route), message and enum, with the
comments written in the .proto files. Reads the JSON image `buf build` makes, so the reference is the contract itself.

Usage: scripts/contract-reference.sh (runs buf, then this with the image path and the output path).
"""
import json
import sys


def comments(file, path):
    for location in file.get("sourceCodeInfo", {}).get("location", []):
        if location.get("path") == path and "leadingComments" in location:
            return " ".join(line.strip() for line in location["leadingComments"].strip().splitlines())
    return ""


def route(method):
    http = method.get("options", {}).get("[google.api.http]", {})
    for verb in ("get", "post", "patch", "put", "delete"):
        if verb in http:
            return f"`{verb.upper()} {http[verb]}`"
    return ""


def field_type(field):
    kind = field.get("typeName", "").lstrip(".") or field["type"].replace("TYPE_", "").lower()
    return f"repeated {kind}" if field.get("label") == "LABEL_REPEATED" else kind


def write(image, out):
    lines = ["# GoingHome contract reference", "",
             "Generated from `protos/` by `scripts/contract-reference.sh`; do not edit by hand. JSON routes are served on each",
             "service's web port, gRPC and gRPC-Web on the ports in the README.", ""]
    for file in sorted(image["file"], key=lambda f: f["name"]):
        package = file["package"]
        lines += [f"## {file['name']}", "", f"Package `{package}`.", ""]
        for si, service in enumerate(file.get("service", [])):
            lines += [f"### service {service['name']}", "", comments(file, [6, si]), "",
                      "| method | request | response | HTTP | what it does |", "|---|---|---|---|---|"]
            for mi, method in enumerate(service.get("method", [])):
                stream = "stream " if method.get("serverStreaming") else ""
                lines.append(f"| {method['name']} | {method['inputType'].lstrip('.')} | {stream}{method['outputType'].lstrip('.')} | "
                             f"{route(method)} | {comments(file, [6, si, 2, mi])} |")
            lines.append("")
        for mi, message in enumerate(file.get("messageType", [])):
            lines += [f"### message {package}.{message['name']}", "", comments(file, [4, mi]), ""]
            if message.get("field"):
                lines += ["| field | type | notes |", "|---|---|---|"]
                for fi, field in enumerate(message["field"]):
                    lines.append(f"| {field['name']} | {field_type(field)} | {comments(file, [4, mi, 2, fi])} |")
                lines.append("")
        for ei, enum in enumerate(file.get("enumType", [])):
            values = ", ".join(f"`{v['name']}`" for v in enum.get("value", []))
            lines += [f"### enum {package}.{enum['name']}", "", comments(file, [5, ei]), "", values, ""]
    with open(out, "w", encoding="utf-8") as handle:
        handle.write("\n".join(line for line in lines).replace("\n\n\n", "\n\n") + "\n")


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as image_file:
        write(json.load(image_file), sys.argv[2])
