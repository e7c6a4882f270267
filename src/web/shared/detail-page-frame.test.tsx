import { describe, expect, test, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { MantineProvider } from '@mantine/core';
import { ApiError, UnreachableError } from '../api/api-error.js';
import { RouterProvider, useRouter } from '../app/router.js';
import { ConfirmDeleteModal } from './confirm-delete-modal.js';
import { DetailHeader } from './detail-header.js';
import { DetailPageFrame, type DetailPageFrameProps } from './detail-page-frame.js';
import { FieldGrid } from './field-grid.js';

type Query = DetailPageFrameProps<{ name: string }>['query'];

function Where() {
  return <output aria-label="path">{useRouter().path}</output>;
}

const show = (query: Query) =>
  render(
    <MantineProvider>
      <RouterProvider initialPath="/projects/p/things/t-1">
        <Where />
        <DetailPageFrame back={{ to: '/projects/p/things', label: 'Things' }} noun="thing" query={query}>
          {(thing) => <DetailHeader title={thing.name} status="fine" actions={<button>Edit</button>} />}
        </DetailPageFrame>
      </RouterProvider>
    </MantineProvider>,
  );

describe('detail page frame', () => {
  test('a loaded resource shows under the way back, which moves without a reload', () => {
    show({ data: { name: 'Thing one' }, error: null, isError: false });
    expect(screen.getByRole('heading', { name: 'Thing one' })).toBeTruthy();
    expect(screen.getByText('fine')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Edit' })).toBeTruthy();
    const back = screen.getByRole('link', { name: '← Things' });
    expect(back.getAttribute('href')).toBe('/projects/p/things');
    fireEvent.click(back);
    expect(screen.getByRole('status', { name: 'path' }).textContent).toBe('/projects/p/things');
    expect(window.location.pathname).toBe('/projects/p/things');
  });

  test('loading and a failed load are said in words, the way back still there', () => {
    const { unmount } = show({ data: undefined, error: null, isError: false });
    expect(screen.getByText('Loading the thing…')).toBeTruthy();
    unmount();
    show({ data: undefined, error: new UnreachableError(new TypeError('fetch failed')), isError: true });
    const alert = screen.getByRole('alert');
    expect(within(alert).getByText('The thing could not be loaded')).toBeTruthy();
    expect(within(alert).getByText(/orchd cannot be reached/)).toBeTruthy();
    expect(screen.getByRole('link', { name: '← Things' })).toBeTruthy();
    expect(screen.queryByText('Loading the thing…')).toBeNull();
  });
});

describe('field grid', () => {
  test('each field is its label over its value, the value named by data-field', () => {
    const { container } = render(
      <MantineProvider>
        <FieldGrid
          rows={[
            ['Serial', 'SN0001'],
            ['NICs', '-'],
          ]}
        />
      </MantineProvider>,
    );
    const values = [...container.querySelectorAll('[data-field]')].map((v) => [
      v.getAttribute('data-field'),
      v.textContent,
      v.previousElementSibling?.textContent,
    ]);
    expect(values).toEqual([
      ['Serial', 'SN0001', 'Serial'],
      ['NICs', '-', 'NICs'],
    ]);
  });
});

describe('confirm delete dialog', () => {
  const dialog = (props: Partial<Parameters<typeof ConfirmDeleteModal>[0]> = {}) => {
    const calls = { close: vi.fn(), confirm: vi.fn() };
    render(
      <MantineProvider>
        <ConfirmDeleteModal
          opened
          onClose={calls.close}
          title="Delete this thing?"
          error={null}
          confirmLabel="Delete thing"
          pending={false}
          onConfirm={calls.confirm}
          {...props}
        >
          <p>Thing one will be deleted.</p>
        </ConfirmDeleteModal>
      </MantineProvider>,
    );
    return calls;
  };

  test('asks, and Cancel or the delete button do what they say', async () => {
    const calls = dialog();
    const modal = await screen.findByRole('dialog', { name: 'Delete this thing?' });
    expect(within(modal).getByText('Thing one will be deleted.')).toBeTruthy();
    expect(within(modal).queryByRole('alert')).toBeNull();
    fireEvent.click(within(modal).getByRole('button', { name: 'Delete thing' }));
    expect(calls.confirm).toHaveBeenCalledTimes(1);
    fireEvent.click(within(modal).getByRole('button', { name: 'Cancel' }));
    expect(calls.close).toHaveBeenCalledTimes(1);
  });

  test("a refusal stays in the dialog in orchd's words, with its detail and a way out", async () => {
    const refusal = new ApiError(412, { code: 'FailedPrecondition', message: 'the thing is in use' });
    dialog({
      error: refusal,
      errorDetail: <span>used by host-1</span>,
      extraActions: <button type="button">Delete host-1 first</button>,
    });
    const modal = await screen.findByRole('dialog', { name: 'Delete this thing?' });
    const alert = within(modal).getByRole('alert');
    expect(within(alert).getByText('Not deleted')).toBeTruthy();
    expect(within(alert).getByText(/the thing is in use/)).toBeTruthy();
    expect(within(alert).getByText('used by host-1')).toBeTruthy();
    const buttons = within(modal)
      .getAllByRole('button')
      .map((b) => b.textContent);
    expect(buttons.slice(-3)).toEqual(['Cancel', 'Delete host-1 first', 'Delete thing']);
  });
});
