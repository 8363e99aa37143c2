package org.kidsafe.consent.verification;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.kidsafe.commons.paging.PageParameters;
import org.kidsafe.commons.problem.ProblemException;
import org.kidsafe.commons.security.Caller;

import java.util.UUID;

/**
 * The compliance officer's review of signed consent forms. Every read of a form (listing or file) is recorded in the
 * ledger under the officer's id, and no officer decides their own form (issue 17 item 3).
 */
@Path("/v1/admin/consent-forms")
@Tag(name = "Compliance", description = "For compliance officers: consent-form review and the audit ledger")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Caller.COMPLIANCE_OFFICER)
public class ConsentFormReviewResource {

    private final ConsentFormService forms;
    private final JsonWebToken token;

    ConsentFormReviewResource(ConsentFormService forms, JsonWebToken token) {
        this.forms = forms;
        this.token = token;
    }

    @GET
    @Operation(operationId = "listPendingConsentForms", summary = "Forms waiting for review, oldest first",
            description = "Paged, oldest submission first (submission time, then id); follow `next` until it is null. Each listed"
                    + " form is recorded as read. A form not decided within kidsafe.verification.form-expiry (30 days) is deleted"
                    + " and its parent emailed.")
    @APIResponse(responseCode = "200", description = "One page of the pending forms",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConsentFormPage.class)))
    @APIResponse(responseCode = "400", description = "invalid-cursor (an `after` this API did not return) or invalid-limit")
    public ConsentFormPage pending(@BeanParam PageParameters page) {
        return ConsentFormPage.of(forms.pending(officerId(), page.request()).map(ConsentFormView::forReviewer));
    }

    @GET
    @Path("/{formId}/content")
    @Produces({"application/pdf", "image/png", "image/jpeg"})
    @Operation(operationId = "getConsentFormContent", summary = "The file of a pending form",
            description = "As stored: cleaned of metadata (photo Exif and GPS; a PDF's document information, XMP, attachments and"
                    + " scripts) when it was uploaded, and decrypted with its parent's key for this answer only.")
    @APIResponse(responseCode = "200", description = "The cleaned file",
            content = {@Content(mediaType = "application/pdf", schema = @Schema(type = SchemaType.STRING, format = "binary")),
                    @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")),
                    @Content(mediaType = "image/jpeg", schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "404", description = "No pending form with this id (decided, expired, or purged with its parent)")
    public Response content(@PathParam("formId") UUID formId) {
        ConsentFormService.FormFile file = forms.pendingFile(officerId(), formId);
        return Response.ok(file.content(), file.contentType()).header("Content-Disposition", "attachment").build();
    }

    @POST
    @Path("/{formId}/decision")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "decideConsentForm", summary = "Approve or reject a form; the file is deleted either way",
            description = "An officer cannot decide a form they submitted themselves as a parent (403 self-review).")
    @APIResponse(responseCode = "200", description = "The form as decided",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConsentFormView.class)))
    @APIResponse(responseCode = "403", description = "self-review: the form is the officer's own")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "example", value = "{\"approved\":true}")))
    public ConsentFormView decide(@PathParam("formId") UUID formId, @Valid @NotNull FormDecisionRequest request) {
        return ConsentFormView.forReviewer(forms.decide(officerId(), formId, request.approved()));
    }

    /** The officer, recorded with each read and decision: the token subject, as consent-service identifies parents. */
    private UUID officerId() {
        try {
            return UUID.fromString(token.getSubject());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ProblemException.forbidden("unknown-subject", "The token's subject is not a KidSafe account.");
        }
    }
}
