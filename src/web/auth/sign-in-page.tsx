import { useState, type FormEvent } from 'react';
import { Alert, Button, Card, Center, Divider, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { errorMessage } from '../api/api-error.js';
import { beginOidcLogin } from './oidc-login.js';
import { useSession } from './session-context.js';

/** Sign in with an orchd token (or an access token of orchd's OIDC issuer). */
export function SignInPage({ onSignedIn }: { onSignedIn: () => void }) {
  const { signIn, notice, dismissNotice, client, storage } = useSession();
  const config = useQuery({
    queryKey: ['console-config'],
    queryFn: () => client.consoleConfig(),
    retry: false,
  });
  const oidc = config.data?.oidc ?? undefined;
  const [redirecting, setRedirecting] = useState(false);
  const startOidc = async () => {
    if (!oidc) return;
    setRedirecting(true);
    setError(undefined);
    try {
      const url = await beginOidcLogin(oidc, {
        origin: window.location.origin,
        storage,
        fetch: client.fetch,
      });
      window.location.assign(url);
    } catch (caught) {
      setError(errorMessage(caught));
      setRedirecting(false);
    }
  };
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = token.trim();
    if (!trimmed) return setError('Enter a token: orchd printed one on its first start.');
    setBusy(true);
    setError(undefined);
    try {
      await signIn(trimmed);
      onSignedIn();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="80vh" px="md">
      <Card withBorder shadow="sm" radius="md" p="xl" w="100%" maw={440}>
        <form onSubmit={(event) => void submit(event)} noValidate>
          <Stack>
            <Title order={2}>Sign in to edge-orch</Title>
            {notice && (
              <Alert
                color="yellow"
                title="Signed out"
                role="status"
                withCloseButton
                closeButtonLabel="Dismiss"
                onClose={dismissNotice}
              >
                {notice}
              </Alert>
            )}
            <PasswordInput
              label="Token"
              description="An orchd token (eo_…) or an access token of orchd's OIDC issuer. Kept for this tab only."
              placeholder="eo_…"
              value={token}
              onChange={(event) => setToken(event.currentTarget.value)}
              autoComplete="off"
              data-autofocus
              autoFocus
            />
            {error && (
              <Alert color="red" title="Sign-in refused" role="alert">
                {error}
              </Alert>
            )}
            <Button type="submit" loading={busy}>
              Sign in
            </Button>
            {oidc && (
              <>
                <Divider label="or" labelPosition="center" />
                <Button variant="light" loading={redirecting} onClick={() => void startOidc()}>
                  Sign in with {new URL(oidc.issuer).host}
                </Button>
              </>
            )}
            <Text size="xs" c="dimmed">
              Lost the token? On orchd&apos;s host: <code>orchd token create --admin</code>
            </Text>
          </Stack>
        </form>
      </Card>
    </Center>
  );
}
