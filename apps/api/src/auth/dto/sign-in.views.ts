import { ApiProperty } from '@nestjs/swagger';

export class LogoutView {
  @ApiProperty({ nullable: true, type: String, description: "The identity provider's end-session URL to send the browser to, or null" })
  redirectTo!: string | null;
}

export class SignInProviderView {
  @ApiProperty({ enum: ['oidc', 'saml'] })
  id!: 'oidc' | 'saml';

  @ApiProperty({ example: 'Sundsvalls kommun', description: 'Shown on the button: "Logga in med …"' })
  displayName!: string;

  @ApiProperty({ example: '/auth/oidc/login', description: 'Where the button goes; add ?returnTo=<path> to land there afterwards' })
  loginUrl!: string;
}

/** How people may sign in here, for the sign-in page. */
export class SignInMethodsView {
  @ApiProperty({ description: 'E-mail and password (off when AUTH_LOCAL=false)' })
  local!: boolean;

  @ApiProperty({ type: [SignInProviderView] })
  providers!: SignInProviderView[];
}
