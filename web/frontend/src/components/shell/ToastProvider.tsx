import { Toast } from '@shopify/polaris';
import { createContext, useCallback, useMemo, useState, type ReactNode } from 'react';

export interface Toaster {
  show(message: string, options?: { error?: boolean }): void;
}

export const ToastContext = createContext<Toaster | null>(null);

/**
 * Short confirmations: App Bridge's toast inside Shopify (it shows in the admin, outside the iframe), Polaris'
 * Toast (inside the Frame) when the app runs standalone.
 */
export function ToastProvider({ appBridge, children }: { appBridge: typeof window.shopify | null; children: ReactNode }) {
  const [toast, setToast] = useState<{ message: string; error: boolean; key: number } | null>(null);
  const show = useCallback(
    (message: string, options: { error?: boolean } = {}) => {
      if (appBridge) appBridge.toast.show(message, { isError: options.error ?? false });
      else setToast({ message, error: options.error ?? false, key: Date.now() });
    },
    [appBridge],
  );
  const value = useMemo(() => ({ show }), [show]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      {toast && <Toast key={toast.key} content={toast.message} error={toast.error} onDismiss={() => setToast(null)} />}
    </ToastContext.Provider>
  );
}
