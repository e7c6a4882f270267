import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Alert, Button, Stack } from '@mantine/core';

interface State {
  readonly error: Error | undefined;
}

/** A page that throws while rendering shows what went wrong and a way on, never a blank page. */
export class PageErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: undefined };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('console page failed', error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <Stack maw={640}>
        <Alert color="red" title="This page failed" role="alert">
          {this.state.error.message}
        </Alert>
        <Button variant="default" w="fit-content" onClick={() => window.location.reload()}>
          Reload
        </Button>
      </Stack>
    );
  }
}
