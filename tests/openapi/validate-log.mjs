// The OpenAPI oracle of the test suite: every HTTP exchange the tests logged
// (tests/support/http.h, CRIBLE_HTTP_LOG: one JSON object a line with method, target,
// path, query, status, headers, body) is checked against crible-server's openapi.json:
//   - the document itself is valid OpenAPI 3.x (@seriousme/openapi-schema-validator,
//     against the OpenAPI Initiative's JSON Schemas);
//   - the status is declared for the operation (method and path template), or by a
//     "default" or "4XX"-style range; requests with no operation are checked against
//     the path's x-other-methods, paths no route serves against x-unknown-paths;
//   - the declared required headers are there, and their values fit their schemas;
//   - the body's Content-Type is one the response declares, and the body validates
//     against that media type's schema (Ajv, JSON Schema); HEAD answers, 204s and
//     responses that declare no content have no body.
// This script only finds the schema that applies (following $refs to response
// objects); Ajv resolves the schemas' own $refs and does all the validating.
//
//   node tests/openapi/validate-log.mjs OPENAPI_JSON LOG_JSONL
// Exit status: 0 every line valid, 1 a line is not (each printed), 2 bad usage or no
// log, or an empty one (the tests that fill it did not run or logged nothing).

import { readFileSync } from "node:fs";
import { Validator } from "@seriousme/openapi-schema-validator";
import Ajv from "ajv";
import addFormats from "ajv-formats";

const [openapiPath, logPath] = process.argv.slice(2);
if (!openapiPath || !logPath) {
  console.error("usage: node validate-log.mjs OPENAPI_JSON LOG_JSONL");
  process.exit(2);
}

const doc = JSON.parse(readFileSync(openapiPath, "utf8"));

// 1. The document.
const documentValidator = new Validator();
const documentResult = await documentValidator.validate(structuredClone(doc));
if (!documentResult.valid) {
  console.error(`${openapiPath} is not a valid OpenAPI ${doc.openapi} document:`);
  console.error(JSON.stringify(documentResult.errors, null, 1));
  process.exit(1);
}

// 2. The log.
let text;
try {
  text = readFileSync(logPath, "utf8");
} catch (error) {
  console.error(`no log ${logPath}: ${error.message} (the HTTP tests did not run?)`);
  process.exit(2);
}
const lines = text.split("\n").filter((line) => line.trim() !== "");
if (lines.length === 0) {
  console.error(`the log ${logPath} is empty: the HTTP tests logged no response`);
  process.exit(2);
}

// Ajv over the whole document: a schema is handed over as a JSON pointer into it, so
// that its $refs (#/components/schemas/...) resolve as the document means them. The
// OpenAPI 3.0 keywords JSON Schema lacks are declared (Ajv knows "nullable" itself);
// "paths" and "components" are only containers here.
const ROOT = "https://crible.invalid/openapi.json";
const ajvOptions = { allErrors: true, strict: true, strictTypes: false, strictTuples: false };
const makeAjv = (options) => {
  const ajv = new Ajv({ ...ajvOptions, ...options });
  addFormats(ajv);
  for (const keyword of ["example", "xml", "externalDocs", "discriminator", "paths", "components"])
    ajv.addKeyword(keyword);
  ajv.addSchema({ $id: ROOT, paths: doc.paths, components: doc.components });
  return ajv;
};
const bodies = makeAjv({});
const headerValues = makeAjv({ coerceTypes: true }); // header values are text: "1" is an integer
const compiled = new Map();
const validatorAt = (pointer) => {
  if (!compiled.has(pointer)) compiled.set(pointer, bodies.compile({ $ref: `${ROOT}#${pointer}` }));
  return compiled.get(pointer);
};
// Coercion rewrites the value it checks in place: a header value is checked as the
// property of a holder object.
const headerValidatorAt = (pointer) => {
  const key = `header ${pointer}`;
  if (!compiled.has(key))
    compiled.set(
      key,
      headerValues.compile({ type: "object", properties: { value: { $ref: `${ROOT}#${pointer}` } } }),
    );
  return compiled.get(key);
};

const escape = (part) => part.replaceAll("~", "~0").replaceAll("/", "~1");
const pointerOf = (parts) => parts.map((part) => `/${escape(String(part))}`).join("");
const at = (pointer) =>
  pointer
    .split("/")
    .slice(1)
    .reduce((node, part) => node?.[part.replaceAll("~1", "/").replaceAll("~0", "~")], doc);
// An object that may be a {$ref}: the object and its pointer.
const follow = (node, pointer) => {
  for (let hops = 0; node && node.$ref; ++hops) {
    if (!node.$ref.startsWith("#/") || hops > 20) throw new Error(`cannot follow ${node.$ref}`);
    pointer = node.$ref.slice(1);
    node = at(pointer);
  }
  return [node, pointer];
};

// Path templates, literal ones first: /v1/documents matches itself, not {id}.
const templates = Object.keys(doc.paths)
  .map((template) => ({
    template,
    params: (template.match(/\{[^}]+\}/g) || []).length,
    regex: new RegExp(
      `^${template
        .split(/\{[^}]+\}/)
        .map((piece) => piece.replace(/[.*+?^$()|[\]\\]/g, "\\$&"))
        .join("[^/]+")}$`,
    ),
  }))
  .sort((a, b) => a.params - b.params);

const METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

// The responses object for an exchange, its pointer, and a name for messages.
function responsesFor(method, path) {
  const match = templates.find(({ regex }) => regex.test(path));
  if (!match) {
    if (!doc["x-unknown-paths"]) throw new Error(`no path of the document matches ${path}`);
    return [doc["x-unknown-paths"].responses, ["x-unknown-paths", "responses"], "x-unknown-paths"];
  }
  const item = doc.paths[match.template];
  const lower = method.toLowerCase();
  if (METHODS.has(lower) && item[lower])
    return [item[lower].responses, ["paths", match.template, lower, "responses"], `${lower} ${match.template}`];
  if (!item["x-other-methods"])
    throw new Error(`${match.template} has no operation for ${method} and no x-other-methods`);
  return [
    item["x-other-methods"].responses,
    ["paths", match.template, "x-other-methods", "responses"],
    `${method} ${match.template} (x-other-methods)`,
  ];
}

function mediaTypeOf(contentType) {
  return contentType.split(";")[0].trim().toLowerCase();
}

function check(exchange) {
  const problems = [];
  const { method, path, status } = exchange;
  const headers = exchange.headers || {};
  const body = exchange.body ?? "";
  if (typeof method !== "string" || !method) return ["the request of this response is unknown"];
  const [responses, responsesParts, where] = responsesFor(method, path);
  const code = String(status);
  const key = [code, `${code[0]}XX`, "default"].find((candidate) => responses[candidate]);
  if (!key) {
    return [`status ${code} is not declared for ${where} (declared: ${Object.keys(responses).join(", ")})`];
  }
  const [response, pointer] = follow(responses[key], pointerOf([...responsesParts, key]));

  for (const [name, declared] of Object.entries(response.headers || {})) {
    const [header, headerPointer] = follow(declared, `${pointer}/headers/${escape(name)}`);
    const value = headers[name.toLowerCase()];
    if (value === undefined) {
      if (header.required) problems.push(`required header ${name} is missing`);
      continue;
    }
    if (header.schema) {
      const validate = headerValidatorAt(`${headerPointer}/schema`);
      if (!validate({ value })) problems.push(`header ${name}: '${value}': ${headerValues.errorsText(validate.errors)}`);
    }
  }

  const noBody = method === "HEAD" || status === 204 || status === 304 || !response.content;
  if (noBody) {
    if (body !== "") {
      const why = method === "HEAD" ? "a HEAD answer" : status === 204 ? "a 204" : "this response declares no content";
      problems.push(`${why} has a body (${body.length} bytes)`);
    }
    return problems;
  }
  const contentType = headers["content-type"];
  if (!contentType) return [...problems, "no Content-Type, and the response declares content"];
  const mediaType = mediaTypeOf(contentType);
  const declared = Object.keys(response.content);
  const chosen = [mediaType, `${mediaType.split("/")[0]}/*`, "*/*"].find((type) => declared.includes(type));
  if (!chosen) {
    return [...problems, `Content-Type ${contentType} is not declared for status ${code} (declared: ${declared.join(", ")})`];
  }
  const media = response.content[chosen];
  if (!media.schema) return problems;
  let value = body;
  if (mediaType === "application/json" || mediaType.endsWith("+json")) {
    try {
      value = JSON.parse(body);
    } catch (error) {
      return [...problems, `the body is not JSON: ${error.message}`];
    }
  }
  const validate = validatorAt(`${pointer}/content/${escape(chosen)}/schema`);
  if (!validate(value)) problems.push(`the body does not fit the schema: ${bodies.errorsText(validate.errors)}`);
  return problems;
}

let failures = 0;
const seen = new Map();
lines.forEach((line, index) => {
  let exchange;
  try {
    exchange = JSON.parse(line);
  } catch (error) {
    console.error(`${logPath}:${index + 1}: not JSON: ${error.message}`);
    ++failures;
    return;
  }
  let problems;
  try {
    problems = check(exchange);
  } catch (error) {
    problems = [error.message];
  }
  const label = `${exchange.method} ${exchange.target} -> ${exchange.status}`;
  seen.set(`${exchange.method} ${exchange.status}`, (seen.get(`${exchange.method} ${exchange.status}`) || 0) + 1);
  for (const problem of problems) {
    console.error(`${logPath}:${index + 1}: ${label}: ${problem}`);
    if (problem.includes("schema") && exchange.body) console.error(`  body: ${exchange.body.slice(0, 500)}`);
  }
  if (problems.length) ++failures;
});

const summary = [...seen.entries()].sort().map(([what, count]) => `${what} x${count}`).join(", ");
console.log(`openapi oracle: ${lines.length} responses checked against ${openapiPath}: ${summary}`);
if (failures) {
  console.error(`openapi oracle: ${failures} of ${lines.length} responses do not match the document`);
  process.exit(1);
}
console.log(`openapi oracle: all ${lines.length} responses match`);
