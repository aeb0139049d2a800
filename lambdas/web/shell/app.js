// The API Shell: builds a form from the OpenAPI document, calls the API on this origin with an
// API token (kept in this page only) or the browser session, and shows the answer and the
// equivalent command lines. No framework: the page is small enough without one.

const $ = (id) => document.getElementById(id);
const session = /^\/cpsess\d{10}/.exec(location.pathname)?.[0] ?? "";
let operations = [];
let current;

function element(tag, attributes = {}, text) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function listFunctions() {
  const query = $("search").value.trim().toLowerCase();
  const select = $("functions");
  const selected = select.value;
  select.replaceChildren(
    ...operations
      .filter((op) => !query || op.name.includes(query) || op.summary.toLowerCase().includes(query))
      .map((op) => element("option", { value: op.name }, op.name)),
  );
  if (selected) select.value = selected;
}

function buildForm(name) {
  current = operations.find((op) => op.name === name);
  if (!current) return;
  $("fn-name").textContent = current.name;
  $("summary").textContent = `${current.summary}. ACL: ${current.acl}.`;
  const fields = current.params.map((param) => {
    const id = `param-${param.name}`;
    const label = element("label", { for: id }, param.name);
    if (param.required) {
      label.append(" ", element("span", { class: "required", "aria-hidden": "true" }, "*"));
    }
    let input;
    if (param.schema.enum) {
      input = element("select", { id });
      input.append(element("option", { value: "" }, param.required ? "— choose —" : "(none)"));
      for (const value of param.schema.enum)
        input.append(element("option", { value: String(value) }, String(value)));
    } else if (param.schema.contentMediaType === "application/json") {
      input = element("textarea", { id, rows: "3", spellcheck: "false" });
    } else {
      input = element("input", { id, spellcheck: "false", autocomplete: "off" });
    }
    if (param.required) input.setAttribute("aria-required", "true");
    if (param.example !== undefined) input.setAttribute("placeholder", String(param.example));
    const help = element("p", { class: "muted", id: `${id}-help` }, param.description);
    input.setAttribute("aria-describedby", help.id);
    return [label, input, help];
  });
  $("params").replaceChildren(
    ...(fields.length ? fields.flat() : [element("p", { class: "muted" }, "No parameters.")]),
  );
  $("options").hidden = !current.records;
}

/** The call's arguments as name/value pairs, in WHM's conventions (repeated names numbered). */
function collectArguments() {
  const pairs = [["api.version", "1"]];
  for (const param of current.params) {
    const value = $(`param-${param.name}`).value;
    if (value === "") continue;
    if (param.repeated) {
      const values = value
        .split(",")
        .map((v) => v.trim())
        .filter(Boolean);
      for (const [i, v] of values.entries()) pairs.push([i ? `${param.name}-${i}` : param.name, v]);
    } else {
      pairs.push([param.name, value]);
    }
  }
  if (current.records) {
    const option = (id) => $(id).value.trim();
    const columns = option("opt-columns")
      .split(",")
      .map((c) => c.trim())
      .filter(Boolean);
    if (columns.length) {
      pairs.push(["api.columns.enable", "1"]);
      for (const [i, column] of columns.entries())
        pairs.push([`api.columns.${String.fromCharCode(97 + i)}`, column]);
    }
    if (option("opt-filter-field")) {
      pairs.push(
        ["api.filter.enable", "1"],
        ["api.filter.a.field", option("opt-filter-field")],
        ["api.filter.a.type", option("opt-filter-type")],
        ["api.filter.a.arg0", option("opt-filter-arg")],
      );
    }
    if (option("opt-sort-field")) {
      pairs.push(
        ["api.sort.enable", "1"],
        ["api.sort.a.field", option("opt-sort-field")],
        ["api.sort.a.method", option("opt-sort-method")],
      );
      if ($("opt-sort-reverse").checked) pairs.push(["api.sort.a.reverse", "1"]);
    }
    if (option("opt-chunk-size") || option("opt-chunk-select")) {
      pairs.push(["api.chunk.enable", "1"]);
      if (option("opt-chunk-size")) pairs.push(["api.chunk.size", option("opt-chunk-size")]);
      if (option("opt-chunk-select")) pairs.push(["api.chunk.select", option("opt-chunk-select")]);
    }
  }
  return pairs;
}

const shellQuote = (text) => `'${text.replaceAll("'", "'\\''")}'`;

function commandLines(format, pairs) {
  const query = new URLSearchParams(pairs).toString();
  const auth = session
    ? `-b 'whostmgrsession=…' `
    : `-H "Authorization: whm ${$("user").value || "root"}:$WHM_API_TOKEN" `;
  $("curl").value =
    `curl ${auth}${shellQuote(`${location.origin}${session}/${format}-api/${current.name}?${query}`)}`;
  const args = pairs
    .filter(([name]) => name !== "api.version")
    .map(([name, value]) => `${name}=${shellQuote(value)}`);
  $("whmapi1").value = [
    "whmapi1",
    current.name,
    ...args,
    `--output=${format === "xml" ? "xml" : "jsonpretty"}`,
  ].join(" ");
}

function showOutcome(result, reason) {
  const outcome = $("outcome");
  outcome.className = result === 1 ? "ok" : "fail";
  outcome.textContent = result === 1 ? `result 1 — ${reason}` : `result 0 — ${reason}`;
}

/** cpsrvd's refusal before any function runs (wrong credentials, a lockout): HTTP status and its error. */
function showRefusal(status, error) {
  $("outcome").className = "fail";
  $("outcome").textContent = `HTTP ${status} — ${error || "refused"}`;
}

/** Pretty JSON, with the envelope's `result` and `reason` lines marked for the eye. */
function renderJson(envelope) {
  const failed = envelope.metadata?.result !== 1;
  const lines = JSON.stringify(envelope, null, 2).split("\n");
  $("response").replaceChildren(
    ...lines.map((line) => {
      const trimmed = line.trim();
      let cls = "";
      if (trimmed.startsWith('"result":')) cls = failed ? "hl-result-0" : "hl-result-1";
      else if (trimmed.startsWith('"reason":') && failed) cls = "hl-reason-fail";
      return element("span", cls ? { class: cls } : {}, `${line}\n`);
    }),
  );
}

async function run(event) {
  event.preventDefault();
  if (!current) return;
  const missing = current.params
    .filter((p) => p.required && !p.repeated && $(`param-${p.name}`).value === "")
    .map((p) => p.name);
  const format = document.querySelector('input[name="format"]:checked').value;
  $("outcome").className = "";
  $("outcome").textContent = "Running…";
  $("response").textContent = "";
  const pairs = collectArguments();
  commandLines(format, pairs);
  if (missing.length) {
    $("outcome").className = "fail";
    $("outcome").textContent = `Fill in: ${missing.join(", ")} (or run anyway to see WHM's error).`;
  }
  const headers = {};
  if (!session) headers.authorization = `whm ${$("user").value}:${$("token").value}`;
  let response;
  try {
    response = await fetch(
      `${session}/${format}-api/${encodeURIComponent(current.name)}?${new URLSearchParams(pairs)}`,
      { headers, credentials: "same-origin" },
    );
  } catch {
    $("outcome").className = "fail";
    $("outcome").textContent = "The server could not be reached.";
    return;
  }
  const text = await response.text();
  if (format === "json") {
    try {
      const envelope = JSON.parse(text);
      if (envelope.cpanelresult) showRefusal(response.status, envelope.cpanelresult.error);
      else showOutcome(envelope.metadata?.result, envelope.metadata?.reason ?? "");
      renderJson(envelope);
      return;
    } catch {
      /* falls through to show the raw text */
    }
  } else {
    const doc = new DOMParser().parseFromString(text, "application/xml");
    const metadata = doc.querySelector("result > metadata");
    const refusal = doc.querySelector("cpanelresult > error");
    if (refusal) showRefusal(response.status, refusal.textContent);
    else if (metadata)
      showOutcome(
        Number(metadata.querySelector("result")?.textContent),
        metadata.querySelector("reason")?.textContent ?? "",
      );
  }
  if ($("outcome").textContent === "Running…") showRefusal(response.status, response.statusText);
  $("response").textContent = format === "xml" ? text.replace(/></g, ">\n<") : text;
}

async function start() {
  if (session) {
    $("session-note").hidden = false;
    $("cpsess").textContent = session;
    $("token-fields").hidden = true;
  }
  const spec = await (await fetch("/openapi.json")).json();
  operations = Object.entries(spec.paths)
    .filter(([path]) => path.startsWith("/json-api/"))
    .map(([, item]) => ({
      name: item.get.operationId,
      summary: item.get.summary,
      acl: item.get["x-whm-acl"],
      records: item.get["x-whm-records"],
      params: item.get.parameters
        .filter((p) => !p.name.startsWith("api."))
        .map((p) => ({ ...p, repeated: /Repeat as /.test(p.description) })),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  listFunctions();
  $("search").addEventListener("input", listFunctions);
  $("functions").addEventListener("change", (event) => buildForm(event.target.value));
  $("call-form").addEventListener("submit", run);
  const first = operations.find((op) => op.name === "get_provider_client_configurations") ?? operations[0];
  $("functions").value = first.name;
  buildForm(first.name);
}

start();
