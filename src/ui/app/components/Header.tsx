import { Box, Text } from 'ink';
import { useEffect, useState } from 'react';
import { initBackend, type BackendReport } from '../../../labs/engine-api.js';
import { VERSION } from '../../../version.js';
import { deviceLine } from '../../text/chrome.js';
import { useLook, useSettings } from '../hooks/use-settings.js';
import { strings } from '../strings.js';

/** The backend in use, started in the background so the menu appears at once. */
function useBackendReport(): { report?: BackendReport; error?: string } {
  const { backend, threads } = useSettings();
  const [status, setStatus] = useState<{ report?: BackendReport; error?: string }>({});
  useEffect(() => {
    let live = true;
    initBackend(backend, { threads }).then(
      (report) => live && setStatus({ report }),
      (err: unknown) => live && setStatus({ error: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      live = false;
    };
  }, [backend, threads]);
  return status;
}

export function Header({ title }: { title: string }) {
  const settings = useSettings();
  const look = useLook();
  const { report, error } = useBackendReport();
  const words = strings(settings.lang);
  const device = report
    ? `${report.backend} · ${deviceLine(report.deviceDetail, report.facts, settings.lang)}`
    : error
      ? words.backendFailed(error)
      : words.backendLoading;
  return (
    <Box flexDirection="column">
      <Box justifyContent="space-between">
        <Text {...look('accent')} wrap="truncate-end">
          nnlab {VERSION} · {title}
        </Text>
      </Box>
      <Text {...look('muted')} wrap="truncate-end">
        {device}
      </Text>
    </Box>
  );
}
