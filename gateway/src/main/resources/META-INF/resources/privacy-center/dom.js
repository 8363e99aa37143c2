// Builds elements without innerHTML: every value from the API lands in the page as text, never as markup.
import { currentLanguage } from './i18n.js';

/** h('button', {type: 'button', onclick: f, class: 'primary'}, 'Save') */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

let nextId = 0;
/** A unique id for label/aria references. */
export function uid(prefix) {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

// Dates in the page's language (issue 19 item 10).
const format = (iso, options) => new Intl.DateTimeFormat(currentLanguage(), options).format(new Date(iso));

export function date(iso) {
  return iso ? format(iso, { dateStyle: 'medium' }) : '—';
}

export function dateTime(iso) {
  return iso ? format(iso, { dateStyle: 'medium', timeStyle: 'short' }) : '—';
}

/** A time element, so assistive technology and scripts get the exact instant. */
export function time(iso, withTime = false) {
  return iso ? h('time', { datetime: iso }, withTime ? dateTime(iso) : date(iso)) : '—';
}
