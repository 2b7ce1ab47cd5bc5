import { Skeleton } from 'antd';
import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * Renders its children once they scroll into view: what lies below the first screen (charts, long
 * tables) costs the first load nothing, and is fetched as the user gets to it.
 */
export function WhenVisible({ children, minHeight }: { children: ReactNode; minHeight: number }) {
  const element = useRef<HTMLDivElement>(null);
  const [seen, setSeen] = useState(typeof IntersectionObserver === 'undefined');

  useEffect(() => {
    if (seen || !element.current) return undefined;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) setSeen(true);
    });
    observer.observe(element.current);
    return () => observer.disconnect();
  }, [seen]);

  if (seen) return <>{children}</>;
  return (
    <div ref={element} style={{ minHeight }}>
      <Skeleton active paragraph={{ rows: Math.max(1, Math.floor(minHeight / 40)) }} />
    </div>
  );
}
