// The page's language (issue 19 item 10): the parent's choice (GET /v1/me/preferences), else the browser's languages
// (navigator.languages, what it sends as Accept-Language), else English. Words come from messages.js only.
import { MESSAGES } from './messages.js';

let language = 'en';

/** The first of `choices` (language tags, best first) the privacy center speaks; English when none. */
export function supported(choices) {
  for (const choice of choices || []) {
    const primary = String(choice || '').toLowerCase().split('-')[0];
    if (MESSAGES[primary]) return primary;
  }
  return 'en';
}

export function currentLanguage() {
  return language;
}

export function setLanguage(chosen) {
  language = MESSAGES[chosen] ? chosen : 'en';
  document.documentElement.lang = language;
  document.title = t('page.title');
  for (const element of document.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);
  for (const element of document.querySelectorAll('[data-i18n-label]')) element.setAttribute('aria-label', t(element.dataset.i18nLabel));
}

/** The message `key` in the page's language, its {placeholders} filled from `params`; English if Spanish lacks it. */
export function t(key, params = {}) {
  const message = MESSAGES[language][key] ?? MESSAGES.en[key];
  if (message === undefined) return key;
  if (typeof message === 'function') return message(params);
  return message.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}
