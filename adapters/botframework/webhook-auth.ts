import connector from 'botframework-connector';
import { JwtTokenExtractor } from 'botframework-connector/lib/auth/jwtTokenExtractor.js';

const { AuthenticationConstants, ChannelValidation, SimpleCredentialProvider } = connector;

/** Why a webhook request was refused (401), in words for the log: never the token itself. */
export type AuthFailure = { readonly ok: false; readonly reason: string; /** 401, or 503 when Microsoft's keys could not be fetched (the connector retries). */ readonly status: 401 | 503 };

/** Options of the inbound check. */
export interface ChannelAuthOptions {
  /** Microsoft App ID: the `aud` every token must carry. */
  readonly appId: string;
  readonly appPassword?: string;
  /** OpenID metadata of the Bot Connector (default Microsoft's; tests point it at a local fake). */
  readonly openIdMetadataUrl?: string;
}

/**
 * Checks the `Authorization: Bearer <JWT>` the Bot Connector sends with every Activity, with the SDK's
 * own pieces: `JwtTokenExtractor` (keys by `kid` from the metadata's `jwks_uri`, cached and refreshed
 * by the SDK, RS256/384/512, issuer `https://api.botframework.com`, `exp`/`nbf` with 5 minutes of clock
 * skew, the key's channel endorsements) and `ChannelValidation.validateIdentity` (issuer and audience =
 * our app id). Then the token's `serviceurl` claim must equal the Activity's `serviceUrl`, or a token
 * stolen for one conversation could redirect our replies (`authenticateChannelTokenWithServiceUrl` does
 * the same).
 *
 * `JwtTokenExtractor` is not re-exported by the package index; it is imported from its file, which is
 * stable because 4.23.3 is the SDK's last release. It takes the metadata URL per instance, unlike
 * `ChannelValidation.OpenIdMetadataEndpoint`, a process-wide variable that would change every bot's check.
 *
 * @example
 * const auth = new ChannelAuth({ appId });
 * const result = await auth.verify(request.headers.authorization, activity.channelId, activity.serviceUrl);
 */
export class ChannelAuth {
  private readonly extractor: JwtTokenExtractor;
  private readonly credentials: InstanceType<typeof SimpleCredentialProvider>;

  constructor(private readonly options: ChannelAuthOptions) {
    this.extractor = new JwtTokenExtractor(
      { ...ChannelValidation.ToBotFromChannelTokenValidationParameters, audience: options.appId },
      options.openIdMetadataUrl ?? AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
      AuthenticationConstants.AllowedSigningAlgorithms,
    );
    this.credentials = new SimpleCredentialProvider(options.appId, options.appPassword ?? '');
  }

  /** `{ ok: true }` when the header carries a valid Bot Connector token for this bot and this serviceUrl. */
  async verify(header: string | undefined, channelId: string, serviceUrl: string | undefined): Promise<{ readonly ok: true } | AuthFailure> {
    if (!header?.startsWith('Bearer ')) return { ok: false, reason: 'no bearer token', status: 401 };
    try {
      // null: not a Bearer JWT, or an issuer other than the Bot Connector's (checked before the signature).
      const identity = await this.extractor.getIdentityFromAuthHeader(header, channelId);
      if (!identity) return { ok: false, reason: 'not a Bot Connector token (issuer)', status: 401 };
      await ChannelValidation.validateIdentity(identity, this.credentials);
      const claim = identity.getClaimValue(AuthenticationConstants.ServiceUrlClaim);
      if (claim && serviceUrl && claim !== serviceUrl) return { ok: false, reason: 'serviceurl claim does not match the activity', status: 401 };
      return { ok: true };
    } catch (error) {
      // The SDK's AuthenticationError carries 500 when the OpenID metadata or the keys could not be loaded.
      const unavailable = (error as { statusCode?: number } | null)?.statusCode === 500;
      return { ok: false, reason: error instanceof Error ? error.message.slice(0, 200) : 'token refused', status: unavailable ? 503 : 401 };
    }
  }
}
