// govuk-frontend ships its scripts without types: the one component script the app starts.
declare module "govuk-frontend" {
  export class ServiceNavigation {
    constructor(root: Element | null);
  }
}
