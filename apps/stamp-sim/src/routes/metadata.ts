import { ArmRouter } from '../arm-router';

// Endpoint discovery, answered as an ADFS-backed Azure Stack Hub stamp answers it: the
// login endpoint is the stamp's own /adfs and the audience is the stamp's management URI.

export function registerMetadataRoutes(router: ArmRouter): void {
  router.arm(
    'GET',
    '/metadata/endpoints',
    null,
    (ctx) => {
      const { stamp } = ctx;
      return {
        status: 200,
        body: {
          galleryEndpoint: `${stamp.url}/gallery/`,
          graphEndpoint: `https://graph.${stamp.name}.twinsite.local/`,
          portalEndpoint: `https://portal.${stamp.name}.twinsite.local/`,
          authentication: {
            loginEndpoint: `${stamp.url}/adfs`,
            audiences: [stamp.audience()],
          },
        },
      };
    },
    { auth: false },
  );
}
