// Builds elements without innerHTML: every value from the API lands in the page as text, never as markup.

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

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function date(iso) {
  return iso ? dateFormat.format(new Date(iso)) : '—';
}

export function dateTime(iso) {
  return iso ? dateTimeFormat.format(new Date(iso)) : '—';
}

/** A time element, so assistive technology and scripts get the exact instant. */
export function time(iso, withTime = false) {
  return iso ? h('time', { datetime: iso }, withTime ? dateTime(iso) : date(iso)) : '—';
}
