public enum IdentityPlaceholder {}
