/**
 * A real Keycloak for tests and the local launcher, and the {@code kidsafe} realm as code.
 *
 * <h2>Distribution</h2>
 * The build of {@code embedded-platform} unpacks {@code org.keycloak:keycloak-quarkus-dist:${keycloak.version}:zip}
 * into {@code embedded-platform/target/keycloak-${keycloak.version}/} (phase {@code generate-resources}).
 * {@link org.kidsafe.embedded.keycloak.KeycloakDistribution#locate()} finds it (or
 * {@code -Dkidsafe.keycloak.home} / {@code KIDSAFE_KEYCLOAK_HOME}).
 *
 * <h2>Starting it</h2>
 * <pre>{@code
 * try (KeycloakServer keycloak = KeycloakServer.builder(KeycloakDistribution.locate(), Path.of("target", "keycloak"))
 *         .realmJson(DevRealm.json())
 *         .start()) {
 *     String issuer = keycloak.issuer();   // http://127.0.0.1:PORT/realms/kidsafe
 *     ...
 * }
 * }</pre>
 *
 * <h2>The realm</h2>
 * <ul>
 *   <li>Production realm: {@code src/main/resources/keycloak/kidsafe-realm.json} ({@link org.kidsafe.embedded.keycloak.KidSafeRealm}).
 *       Development additions (password grant, loopback redirect URIs, registrar secret, demo users):
 *       {@link org.kidsafe.embedded.keycloak.DevRealm}.</li>
 *   <li>Realm roles {@code parent}, {@code compliance-officer}, {@code toy}: in {@code realm_access.roles} and in
 *       the top-level {@code groups} claim (which Quarkus OIDC and MicroProfile JWT read first).</li>
 *   <li>Realm role {@code erasure-operator}: held only by the service account of the confidential client
 *       {@code kidsafe-erasure-operator} (client credentials only), whose tokens name {@code kidsafe-consent} alone;
 *       the operator replays erasures after a database restore with it (issue 18 item 1). No user holds it, and
 *       neither the parent app nor the gateway may carry it in a token. Development secret:
 *       {@link org.kidsafe.embedded.keycloak.DevRealm#ERASURE_OPERATOR_SECRET}.</li>
 *   <li>Access tokens of {@code kidsafe-parent-app} and of every toy carry {@code aud = kidsafe-gateway} only,
 *       through the client scope {@code kidsafe-services} (issue 16 item 4). No other client gets that scope by
 *       default.</li>
 *   <li>The confidential client {@code kidsafe-gateway} may do nothing but standard token exchange: it trades such
 *       a token for one naming exactly one service ({@code audience=kidsafe-consent} with the optional scope
 *       {@code kidsafe-consent-audience}, likewise profile and media), with the claims of its default scope
 *       {@code kidsafe-service-token} ({@code groups}; a toy user's {@code child_id} and {@code device_id}
 *       attributes). Development secret: {@link org.kidsafe.embedded.keycloak.DevRealm#GATEWAY_SECRET}.</li>
 *   <li>A paired toy is a user of the group {@code /toys} (username {@code toy-<uuid>@toys.invalid}, attributes
 *       {@code child_id} and {@code device_pseudonym}, a random secret as password; the group gives the role
 *       {@code toy}). It logs in with the password grant on the shared public client {@code kidsafe-toy}, whose
 *       flow "toy direct grant" denies anyone without the role {@code toy} and whose fixed mappers put
 *       {@code child_id} and {@code device_id} (the pseudonym) into its tokens. {@code kidsafe-device-registrar}
 *       creates and deletes those users through the Admin REST API and can do nothing else: one fine-grained
 *       admin permission (v2) on {@code /toys} and realm-management {@code query-users}
 *       (docs/design/toy-identity.md; {@code ToyRegistrarContainmentTest} plays the registrar).</li>
 * </ul>
 */
package org.kidsafe.embedded.keycloak;
