import { APPLICATION_CATALOGUE } from '../../config/application-catalogue';
import type { ApplicationName } from '../../config/schema';

/**
 * The identity-provider clients of the applications that speak OpenID Connect themselves: client id
 * = application name, redirect URI = its callback on its host. (Applications behind OAuth2-Proxy sign
 * in through the proxy's client, which gets their hosts' callbacks.)
 */
export function applicationOidcClients(apps: readonly { readonly name: ApplicationName; readonly hostname: string }[]): Record<string, { name: string; redirectUris: string[] }> {
  const clients: Record<string, { name: string; redirectUris: string[] }> = {};
  for (const app of apps) {
    const info = APPLICATION_CATALOGUE[app.name];
    if (info.signIn !== 'oidc' || !info.callbackPath) continue;
    clients[app.name] = { name: info.title, redirectUris: [`https://${app.hostname}${info.callbackPath}`] };
  }
  return clients;
}
