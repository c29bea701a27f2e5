import { useContext } from 'react';
import { ToastContext, type Toaster } from '../components/shell/ToastProvider';

export function useToast(): Toaster {
  const toaster = useContext(ToastContext);
  if (!toaster) throw new Error('useToast outside ToastProvider');
  return toaster;
}
