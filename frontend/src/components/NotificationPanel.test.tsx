import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Notification } from '../api/types';
import { I18nProvider } from '../i18n';
import { NotificationList } from './NotificationPanel';

const RETURNED: Notification = {
  id: 2,
  kind: 'submission.returned',
  text: 'Báo cáo «Báo cáo tháng về hòa giải» Tháng 11/2026 của Xã Song Vân bị trả lại: Bổ sung số liệu.',
  link: '/reports/12',
  created_at: '2026-12-04T02:15:00Z',
  read_at: null,
};
const ISSUED: Notification = {
  id: 1,
  kind: 'plan.issued',
  text: 'Kế hoạch 53/KH-UBND «Thực hiện dân chủ ở cơ sở năm 2027» đã được ban hành, giao nhiệm vụ cho Xã Song Vân.',
  link: '/tasks',
  created_at: '2026-12-03T01:00:00Z',
  read_at: '2026-12-03T02:00:00Z',
};

function html(items: Notification[]): string {
  const ignore = () => undefined;
  return renderToStaticMarkup(
    <I18nProvider initial="vi"><NotificationList items={items} onOpen={ignore} onRead={ignore} /></I18nProvider>,
  );
}

describe('NotificationList', () => {
  it('shows each notification with its time in Vietnam, newest first as given', () => {
    const shown = html([RETURNED, ISSUED]);
    expect(shown).toContain('bị trả lại: Bổ sung số liệu.');
    expect(shown).toContain('04/12/2026 09:15');
    expect(shown.indexOf('bị trả lại')).toBeLessThan(shown.indexOf('đã được ban hành'));
  });

  it('offers "mark as read" for unread notifications only', () => {
    expect(html([RETURNED]).match(/Đánh dấu đã đọc/g)?.length).toBe(2);  // the button's label and title
    expect(html([ISSUED])).not.toContain('Đánh dấu đã đọc');
  });

  it('says when there is nothing', () => {
    expect(html([])).toContain('Không có thông báo');
  });
});
