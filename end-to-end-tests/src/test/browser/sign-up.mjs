// A new parent joins, in headless Chromium, as a parent would (issue 19 item 1): from the privacy center's "Create an
// account" to KidSafe's registration page (its theme checked: the KidSafe header, the notice that no child data is
// asked, the styles, a form with the parent's own fields only), the verification mail from the platform's real SMTP
// server, its link, the password (a short one refused by the realm's policy), and back in the privacy center signed
// in, where the API lists no child yet. Exits non-zero on the
// first failed check. Run by SignUpIT, once in English and once in Spanish (issue 19 item 10: LOCALE=es is the browser's
// language, so Keycloak's pages, the theme's texts and Keycloak's verification mail are Spanish).
//
// Environment: GATEWAY_URL, MAILBOX_URL, NEW_PARENT_EMAIL, NEW_PARENT_PASSWORD, ARTIFACTS (screenshots), CHROMIUM,
// LOCALE (en or es; en by default).
import assert from 'node:assert/strict';
import { required, runJourney, shot, step } from './browser-journey.mjs';

const gateway = required('GATEWAY_URL');
const mailbox = required('MAILBOX_URL');
const email = required('NEW_PARENT_EMAIL');
const password = required('NEW_PARENT_PASSWORD');
const center = `${gateway}/privacy-center/`;
/**
 * The registration form's fields: the parent's own name and email, nothing about a child. The password comes once the
 * address is verified (Keycloak asks for it then, under the realm's policy, when the realm verifies email).
 */
const FORM_FIELDS = ['email', 'firstName', 'lastName'];
const locale = process.env.LOCALE || 'en';
/** What the pages say in each language: the theme's own texts (messages_<locale>) and Keycloak's translations. */
const TEXTS = {
  en: {
    title: 'Create your KidSafe parent account',
    notice: [/Parents and legal guardians sign up here/, /nothing about your child/],
    verifyEmail: /verify your email address/i,
    mailSubject: 'Verify email',
    proceed: /proceed|continue/i,
    tooShort: /minimum length 12/i,
  },
  es: {
    title: 'Crea tu cuenta de madre, padre o tutor de KidSafe',
    notice: [/Aquí se registran las madres, los padres y los tutores legales/, /nada sobre tu hijo o hija/],
    verifyEmail: /verificar tu dirección de correo/i,
    mailSubject: 'Verificación de email',
    proceed: /proceder|continuar/i,
    tooShort: /longitud mínima 12/i,
  },
}[locale];
assert.ok(TEXTS, `LOCALE ${locale} is not offered`);

await runJourney(run, { contextOptions: { locale } });

async function run(context) {
  const page = context.pages()[0] || await context.newPage();

  step('the privacy center offers a new parent an account');
  await page.goto(center);
  // The privacy center's own wording is its own work (English, for now): found by id in every language.
  await (locale === 'en' ? page.getByRole('button', { name: 'Create an account' }) : page.locator('#sign-up')).click();
  await page.waitForURL((url) => url.href.includes('/protocol/openid-connect/registrations'));
  assert.match(page.url(), /code_challenge_method=S256/);

  step('the registration page is KidSafe\'s');
  await page.locator('#kc-register-form').waitFor();
  assert.equal((await page.locator('#kc-header-wrapper').innerText()).trim(), 'KidSafe', 'as written: the theme undoes v2\'s capitals');
  assert.equal(await page.locator('html').getAttribute('lang'), locale, 'the page in the browser\'s language');
  assert.equal((await page.locator('#kc-page-title').textContent()).trim(), TEXTS.title);
  const notice = await page.locator('#kidsafe-signup-notice').innerText();
  for (const sentence of TEXTS.notice) assert.match(notice, sentence);
  assert.equal(await page.locator('link[href*="/kidsafe/css/kidsafe.css"]').count(), 1, 'the theme\'s stylesheet');
  assert.equal(await page.locator('#kc-header-wrapper').evaluate((header) => getComputedStyle(header).color), 'rgb(11, 92, 173)',
    'the header in KidSafe\'s blue, from the theme\'s stylesheet');
  const fields = await page.locator('#kc-register-form input:not([type=hidden]):not([type=submit])')
    .evaluateAll((inputs) => inputs.map((input) => input.name).sort());
  assert.deepEqual(fields, [...FORM_FIELDS].sort(), 'the form asks for the parent\'s own account only');
  assert.doesNotMatch(await page.content(), /child_id/i);
  await shot(page, locale === 'en' ? 'sign-up' : `sign-up-${locale}`);

  step('a new parent registers');
  await page.locator('#email').fill(email);
  await page.locator('#firstName').fill('Nora');
  await page.locator('#lastName').fill('Newparent');
  await page.locator('#kc-register-form [type=submit]').click();
  await page.getByText(TEXTS.verifyEmail).first().waitFor();
  await shot(page, 'sign-up-verify-email');

  step('the verification mail arrives through the platform\'s SMTP server; its link is followed');
  const { link, subject } = await verificationMail(email);
  assert.equal(subject, TEXTS.mailSubject, 'Keycloak\'s verification mail in the language the parent signed up in');
  await page.goto(link);
  const passwordForm = page.locator('#kc-passwd-update-form');
  const proceed = page.getByRole('link', { name: TEXTS.proceed });
  await passwordForm.or(proceed).first().waitFor();
  if (await proceed.count() > 0) {
    // Keycloak may ask to confirm first when the link opens outside the sign-up's own tab.
    await proceed.first().click();
  }

  step('the address verified, the new parent chooses a password, under the realm\'s policy');
  await passwordForm.waitFor();
  await page.locator('#password-new').fill('too-short');
  await page.locator('#password-confirm').fill('too-short');
  await passwordForm.locator('[type=submit]').first().click();
  await page.getByText(TEXTS.tooShort).first().waitFor();
  await page.locator('#password-new').fill(password);
  await page.locator('#password-confirm').fill(password);
  await passwordForm.locator('[type=submit]').first().click();
  await page.waitForURL((url) => url.href === center);

  step('signed in as the new parent: the API answers, with no child yet');
  if (locale === 'en') {
    await page.getByRole('status').getByText('Your privacy center is ready').waitFor();
    await page.locator('#children').getByText('You have not added a child yet.').waitFor();
  } else {
    // The privacy center's Spanish wording is its own work: here only that the API answered with no child.
    await page.locator('#children p').first().waitFor();
    assert.equal(await page.locator('#children [data-child]').count(), 0, 'no child yet');
  }
  await page.locator('#signed-in-as').getByText(email).waitFor();
  await shot(page, locale === 'en' ? 'sign-up-signed-in' : `sign-up-signed-in-${locale}`);
}

/** The subject and action-token link of the first mail to `to` (quoted-printable undone, HTML entities too). */
async function verificationMail(to) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const mails = await (await fetch(`${mailbox}?to=${encodeURIComponent(to)}`)).json();
    for (const mail of mails) {
      const body = (mail.body || '').replace(/=\r?\n/g, '').replace(/=3D/gi, '=');
      const link = /https?:\/\/[^\s"'<>]+\/login-actions\/action-token\?[^\s"'<>]+/.exec(body);
      if (link) return { link: link[0].replace(/&amp;/g, '&'), subject: mail.subject };
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`No verification mail to ${to} within 30 s`);
}
