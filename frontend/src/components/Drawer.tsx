import { Drawer as AntDrawer, type DrawerProps } from 'antd';

/**
 * Ant Design's drawer, except that once closed it gives the focus back to the button that opened it
 * only if the user has not moved on. An official who types in a search box while the drawer slides
 * away would otherwise have the next Enter press that button and open the drawer again.
 */
export function Drawer({ afterOpenChange, ...props }: DrawerProps) {
  const keepTheUsersFocus = (open: boolean) => {
    afterOpenChange?.(open);
    const focused = document.activeElement;
    if (open || !(focused instanceof HTMLElement) || focused === document.body || focused.closest('.ant-drawer')) return;
    // The drawer focuses its opener right after this call returns, before any key is handled.
    queueMicrotask(() => focused.focus({ preventScroll: true }));
  };
  return <AntDrawer {...props} afterOpenChange={keepTheUsersFocus} />;
}
