/**
 * The one `api` object the renderer uses. It validates every response
 * against the contract, so neither transport can smuggle in a wrong shape.
 */
import { apiContract, type ApiError, type ApiRequest, type ApiResponse, type ApiTransport, type Channel } from './contract';

export class ApiCallError extends Error {
  constructor(
    readonly channel: Channel,
    readonly error: ApiError,
  ) {
    super(`${channel}: ${error.message.en}`);
    this.name = 'ApiCallError';
  }
}

export interface ApiClient {
  call<C extends Channel>(channel: C, request: ApiRequest<C>): Promise<ApiResponse<C>>;
}

export function createApiClient(transport: ApiTransport): ApiClient {
  return {
    async call(channel, request) {
      const envelope = await transport.invoke(channel, request);
      if (!envelope.ok) throw new ApiCallError(channel, envelope.error);
      const parsed = apiContract[channel].response.safeParse(envelope.data);
      if (!parsed.success) {
        throw new ApiCallError(channel, {
          code: 'internal',
          message: {
            zh: `后端返回的数据格式不正确（${channel}）`,
            en: `The backend answered ${channel} with an unexpected shape`,
          },
        });
      }
      return parsed.data as ApiResponse<typeof channel>;
    },
  };
}
