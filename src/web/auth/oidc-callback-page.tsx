import { useEffect, useRef, useState } from 'react';
import { Alert, Anchor, Card, Center, Loader, Stack, Text } from '@mantine/core';
import { errorMessage } from '../api/api-error.js';
import { paths, useRouter } from '../app/router.js';
import { finishOidcLogin } from './oidc-login.js';
import { useSession } from './session-context.js';

/**
 * `/sign-in/callback`: the issuer sends the browser back here with a code. The code and state are
 * read, the address bar is cleaned at once, the code is traded for a token and the session
 * starts; a refusal says why, with the way back to sign-in.
 */
export function OidcCallbackPage() {
  const { signIn, client, storage } = useSession();
  const { navigate } = useRouter();
  const [error, setError] = useState<string | undefined>();
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const search = window.location.search;
    window.history.replaceState(null, '', '/sign-in/callback');
    void (async () => {
      try {
        const token = await finishOidcLogin(search, { storage, fetch: client.fetch });
        // Signed in, the console leaves this page for the project's profiles by itself.
        await signIn(token);
      } catch (caught) {
        setError(errorMessage(caught));
      }
    })();
  }, [signIn, client, storage, navigate]);
  return (
    <Center mih="80vh" px="md">
      <Card withBorder radius="md" p="xl" w="100%" maw={440}>
        {error ? (
          <Stack>
            <Alert color="red" title="Sign-in refused" role="alert">
              {error}
            </Alert>
            <Anchor
              href={paths.signIn()}
              onClick={(event) => {
                event.preventDefault();
                navigate(paths.signIn(), { replace: true });
              }}
            >
              Back to sign-in
            </Anchor>
          </Stack>
        ) : (
          <Stack align="center">
            <Loader />
            <Text>Signing in…</Text>
          </Stack>
        )}
      </Card>
    </Center>
  );
}
