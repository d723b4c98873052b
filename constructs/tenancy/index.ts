export { Tenant, type TenantProps } from './tenant';
export { TenantNetworkPolicies, type TenantNetworkPoliciesProps } from './tenant-network-policies';
export { TENANT_QUOTAS, TENANT_SIZES, type TenantQuota, type TenantSize } from './sizes';
export { TenantAppsRepository, type TenantAppsRepositoryProps } from './tenant-apps-repository';
export { TenantIdentity, type TenantIdentityProps } from './tenant-identity';
export { TenantMail, type TenantMailProps, type TenantMailPublicService } from './tenant-mail';
export { TenantRouteAccess, type TenantRouteAccessProps } from './tenant-route-access';
export { TenantDnsNames, type TenantDnsNamesProps } from './tenant-dns-names';
export { tenantServiceHost } from './tenant-service';
