/** The app's one QueryClient: the stream keeps data fresh, so no re-fetch on focus; retries only for what may pass. */
import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/http.js';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
        // A refusal (4xx) stays one; a network failure or server error is tried twice more.
        retry: (count, e) => count < 2 && !(e instanceof ApiError && e.status >= 400 && e.status < 500),
      },
    },
  });
}
