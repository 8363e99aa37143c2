// Sign-in with the KidSafe realm: OAuth 2.0 authorization code flow with PKCE (S256), public client.
// Tokens live in memory only (never in storage a script could read later); a reload signs in again silently
// through the sign-in server's own session. Only the PKCE verifier and state survive the redirect, in sessionStorage.
// Its errors reach the parent as they are, so they come from the catalog in the page's language (issue 19 item 10).
import { t } from './i18n.js';

const PENDING = 'kidsafe.privacy-center.pending-sign-in';
const REFRESH_AHEAD_MS = 30_000;

function base64Url(bytes) {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString() {
  return base64Url(crypto.getRandomValues(new Uint8Array(32)));
}

export function decodeJwtPart(part) {
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
}

export class SignIn {
  constructor({ issuer, clientId }) {
    this.issuer = issuer.replace(/\/$/, '');
    this.clientId = clientId;
    this.tokens = null;
  }

  /** The page itself: registered with the realm as the client's redirect URI. */
  get redirectUri() {
    return new URL('./', window.location.href).href;
  }

  async endpoints() {
    if (!this.discovered) {
      const answer = await fetch(`${this.issuer}/.well-known/openid-configuration`);
      if (!answer.ok) throw new Error(t('signIn.unreachable'));
      this.discovered = await answer.json();
    }
    return this.discovered;
  }

  /**
   * Sends the parent to the sign-in server; with signUp, to its registration page (Keycloak's registrations endpoint
   * beside the authorization endpoint, same code flow with PKCE): a new parent comes back signed in once the email
   * address is verified.
   */
  async start({ signUp = false } = {}) {
    const { authorization_endpoint: signInPage } = await this.endpoints();
    const authorize = signUp ? signInPage.replace(/\/auth$/, '/registrations') : signInPage;
    const verifier = randomString();
    const state = randomString();
    const nonce = randomString();
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
    sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, nonce }));
    const url = new URL(authorize);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: this.clientId,
      redirect_uri: this.redirectUri,
      scope: 'openid',
      state,
      nonce,
      code_challenge: base64Url(new Uint8Array(digest)),
      code_challenge_method: 'S256',
    }).toString();
    window.location.assign(url.href);
  }

  /** If the sign-in server just sent the parent back here, trade the code for tokens. Returns true when signed in. */
  async complete() {
    const params = new URLSearchParams(window.location.search);
    if (!params.has('code') && !params.has('error')) return false;
    const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
    sessionStorage.removeItem(PENDING);
    // The code must not stay in the address bar or the history.
    window.history.replaceState(null, '', this.redirectUri);
    if (params.has('error')) throw new Error(t('signIn.notCompleted'));
    if (!pending || pending.state !== params.get('state')) throw new Error(t('signIn.staleLink'));
    await this.tokenRequest({
      grant_type: 'authorization_code',
      code: params.get('code'),
      redirect_uri: this.redirectUri,
      code_verifier: pending.verifier,
    });
    if (decodeJwtPart(this.tokens.idToken.split('.')[1]).nonce !== pending.nonce) {
      this.tokens = null;
      throw new Error(t('signIn.mismatch'));
    }
    return true;
  }

  async tokenRequest(form) {
    const { token_endpoint: tokenEndpoint } = await this.endpoints();
    const answer = await fetch(tokenEndpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...form, client_id: this.clientId }),
    });
    if (!answer.ok) throw new Error(t('signIn.ended'));
    const body = await answer.json();
    this.tokens = {
      access: body.access_token,
      refresh: body.refresh_token,
      idToken: body.id_token || (this.tokens && this.tokens.idToken),
      expiresAt: Date.now() + body.expires_in * 1000,
    };
  }

  get signedIn() {
    return this.tokens !== null;
  }

  /** Who is signed in, from the ID token: shown to the parent only. */
  get parent() {
    return this.tokens ? decodeJwtPart(this.tokens.idToken.split('.')[1]) : null;
  }

  /** A fresh access token, refreshed shortly before it expires. */
  async accessToken() {
    if (!this.tokens) throw new Error(t('signIn.needed'));
    if (Date.now() > this.tokens.expiresAt - REFRESH_AHEAD_MS && this.tokens.refresh) {
      await this.tokenRequest({ grant_type: 'refresh_token', refresh_token: this.tokens.refresh });
    }
    return this.tokens.access;
  }

  async signOut() {
    const { end_session_endpoint: endSession } = await this.endpoints();
    const url = new URL(endSession);
    url.search = new URLSearchParams({
      client_id: this.clientId,
      post_logout_redirect_uri: this.redirectUri,
      id_token_hint: this.tokens ? this.tokens.idToken : '',
    }).toString();
    this.tokens = null;
    window.location.assign(url.href);
  }
}
