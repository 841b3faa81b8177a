// Conditions that show or skip fields, evaluated in the page exactly as
// digikommun/forms/conditions.py evaluates them on the server (a test runs both on one table).
// Without JavaScript every field shows, with a sentence saying when to answer it, and the
// server ignores the answers of fields whose condition does not hold.
(function (root) {
  "use strict";
  var NUMBER = /^[+-]?\d+(?:\.\d+)?$/;

  function asNumber(value) {
    if (typeof value === "number") { return isFinite(value) ? value : null; }
    if (typeof value !== "string") { return null; }
    var text = value.replace(/[\s\u00a0]|kr|sek|:-/gi, "").replace(/,/g, ".");
    return NUMBER.test(text) ? parseFloat(text) : null;
  }

  function answered(value) {
    if (Array.isArray(value)) {
      return value.some(function (v) { return String(v).trim() !== ""; });
    }
    return typeof value === "string" && value.trim() !== "";
  }

  function equal(answer, expected) {
    if (Array.isArray(answer)) {
      return answer.map(function (v) { return String(v).trim(); }).indexOf(expected) !== -1;
    }
    if (typeof answer !== "string") { return false; }
    var a = asNumber(answer), e = asNumber(expected);
    if (a !== null && e !== null) { return a === e; }
    return answer.trim() === expected;
  }

  function has(cond, key) { return Object.prototype.hasOwnProperty.call(cond, key); }

  function evaluate(cond, lookup) {
    if (has(cond, "all")) { return cond.all.every(function (c) { return evaluate(c, lookup); }); }
    if (has(cond, "any")) { return cond.any.some(function (c) { return evaluate(c, lookup); }); }
    var answer = lookup(cond.field);
    if (!answered(answer)) { return false; }
    if (has(cond, "equals")) { return equal(answer, cond.equals); }
    if (has(cond, "not_equals")) { return !equal(answer, cond.not_equals); }
    if (has(cond, "in")) { return cond["in"].some(function (v) { return equal(answer, v); }); }
    var number = typeof answer === "string" ? asNumber(answer) : null;
    if (number === null) { return false; }
    if (has(cond, "greater_than")) { return number > cond.greater_than; }
    return number < cond.less_than;
  }

  // Show and hide the fields of a form as it is filled in, top to bottom: a hidden field
  // counts as unanswered for the conditions after it, as on the server.
  function bind(form) {
    var wrappers = Array.prototype.slice.call(form.querySelectorAll("[data-show-if]"));
    if (!wrappers.length) { return; }
    var known = JSON.parse(form.getAttribute("data-known") || "{}");
    var conditions = wrappers.map(function (w) { return JSON.parse(w.getAttribute("data-show-if")); });
    var hidden = {};

    function valueOf(name) {
      if (hidden[name]) { return null; }
      var inputs = form.querySelectorAll("[name=\"" + name.replace(/"/g, "\\\"") + "\"]");
      if (!inputs.length) { return undefined; }
      var first = inputs[0], chosen = [], i;
      if (first.type === "radio") {
        for (i = 0; i < inputs.length; i += 1) { if (inputs[i].checked) { return inputs[i].value; } }
        return "";
      }
      if (first.type === "checkbox") {
        for (i = 0; i < inputs.length; i += 1) { if (inputs[i].checked) { chosen.push(inputs[i].value); } }
        return chosen;
      }
      return first.value;
    }

    function lookupIn(scope) {
      return function (name) {
        var value;
        if (scope) {
          value = valueOf(scope + "." + name);
          if (value !== undefined) { return value; }
        }
        value = valueOf(name);
        if (value !== undefined) { return value; }
        return has(known, name) ? known[name] : null;
      };
    }

    function update() {
      hidden = {};
      wrappers.forEach(function (wrapper, i) {
        var shown = evaluate(conditions[i], lookupIn(wrapper.getAttribute("data-scope")));
        wrapper.hidden = !shown;
        wrapper.removeAttribute("data-initially-hidden");
        if (!shown) { hidden[wrapper.getAttribute("data-field")] = true; }
      });
    }

    form.addEventListener("input", update);
    form.addEventListener("change", update);
    update();
  }

  root.DigikommunConditions = { evaluate: evaluate, asNumber: asNumber, bind: bind };

  if (root.document) {
    var start = function () {
      var form = document.getElementById("step-form");
      if (form) { bind(form); }
    };
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", start);
    } else {
      start();
    }
  }
})(this);
