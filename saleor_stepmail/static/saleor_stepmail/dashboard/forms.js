// Form helpers shared by the editors: labelled fields with an error slot each, and the API's
// field errors put next to their fields (the rest above the buttons).

import { h } from "./dom.js";
import { t } from "./i18n.js";

// A labelled control; `control` is an element or the attributes of an <input>.
export function field(name, label, control, { hint = "", prefix = "f" } = {}) {
  const id = `${prefix}-${name}`;
  const element = control instanceof Node ? control : h("input", { name, ...control });
  element.id = id;
  element.name = element.name || name;
  element.setAttribute("aria-describedby", `${id}-error`);
  return h("div", { class: "field" },
    h("label", { for: id }, label),
    element,
    hint ? h("p", { class: "hint" }, hint) : null,
    h("p", { class: "field-error", id: `${id}-error`, "data-field": name, "aria-live": "polite" }),
  );
}

export function select(name, options, value, { multiple = false } = {}) {
  const chosen = new Set([value].flat());
  return h("select", { name, multiple },
    options.map(([optionValue, label]) => h("option", { value: optionValue, selected: chosen.has(optionValue) }, label)));
}

export function selected(control) {
  return [...control.selectedOptions].map((o) => o.value);
}

export function showErrors(form, formError, errors) {
  for (const slot of form.querySelectorAll(".field-error")) {
    slot.textContent = "";
    const control = form.elements[slot.dataset.field];
    if (control && control.removeAttribute) control.removeAttribute("aria-invalid");
  }
  const general = [];
  for (const error of errors) {
    const slot = error.field && form.querySelector(`.field-error[data-field="${error.field}"]`);
    if (slot) {
      slot.textContent = error.message;
      const control = form.elements[error.field];
      if (control && control.setAttribute) control.setAttribute("aria-invalid", "true");
    } else {
      general.push(error.message);
    }
  }
  formError.textContent = general.join("; ");
  if (errors.length) form.querySelector("[aria-invalid=true]")?.focus();
}

// The values of an enum of the plugin's schema, read from the schema itself.
export async function enumValues(api, name) {
  const data = await api.query(`query StepmailEnum($name: String!) { __type(name: $name) { enumValues { name } } }`, { name });
  return data.__type.enumValues.map((v) => v.name);
}

export function labelled(values) {
  return values.map((v) => [v, t(v)]);
}
