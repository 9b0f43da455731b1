/** Said plainly when the controller does not have an endpoint yet (it answered 404 for the route). */
export function NotAvailable({ what }: { what: string }) {
  return (
    <p className="notice notice-muted" role="status">
      {what} is not available yet on this controller.
    </p>
  );
}
