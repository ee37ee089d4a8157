/**
 * The ImageStatus values (Image Builder's API model) after which an image build changes no more:
 * it produced its image, failed, was cancelled, or the image has since been retired. PENDING,
 * CREATING, BUILDING, TESTING, DISTRIBUTING and INTEGRATING are the steps of a build under way.
 */
export const FINAL_IMAGE_STATUSES: readonly string[] = ['AVAILABLE', 'FAILED', 'CANCELLED', 'DEPRECATED', 'DELETED', 'DISABLED'];

export const isFinalImageStatus = (status: string | null | undefined): boolean => status != null && FINAL_IMAGE_STATUSES.includes(status);
