// Checks an erasure receipt in the browser: a compact JWS (ES256) that must verify with one of the keys
// KidSafe publishes at /api/v1/keys. WebCrypto's ECDSA takes the JWS signature format (r || s) as it is.
import { decodeJwtPart } from './oidc.js';
import { t } from './i18n.js';

function bytes(base64Url) {
  const base64 = base64Url.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** A receipt validly signed, but not for the deletion the parent is looking at. */
export class WrongReceipt extends Error {}

/**
 * Resolves to {keyId, claims} if the signature is valid AND the receipt is for the deletion the parent asked about
 * (`expected.erasureId`, `expected.childId`); rejects with a plain-language reason otherwise, in the page's language
 * (issue 19 item 10). A valid receipt of
 * another deletion or another child proves nothing about this one (issue 18 item 4). The key is chosen by the key id
 * in the receipt's header among every key KidSafe publishes, current and retired, so a receipt signed before a key
 * rotation still verifies.
 */
export async function verifyReceipt(jws, publishedKeys, expected) {
  const parts = jws.split('.');
  if (parts.length !== 3) throw new Error(t('receipt.notSigned'));
  const header = decodeJwtPart(parts[0]);
  if (header.alg !== 'ES256') throw new Error(t('receipt.algorithm'));
  const jwk = (publishedKeys.keys || []).find((key) => key.kid === header.kid);
  if (!jwk) throw new Error(t('receipt.unknownKey'));
  const key = await crypto.subtle.importKey('jwk', { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y },
    { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
  const valid = await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, bytes(parts[2]),
    new TextEncoder().encode(`${parts[0]}.${parts[1]}`));
  if (!valid) throw new Error(t('receipt.changed'));
  const claims = decodeJwtPart(parts[1]);
  if (claims.childId !== expected.childId) throw new WrongReceipt(t('receipt.otherChild'));
  if (claims.erasureId !== expected.erasureId) throw new WrongReceipt(t('receipt.otherErasure'));
  return { keyId: header.kid, claims };
}
