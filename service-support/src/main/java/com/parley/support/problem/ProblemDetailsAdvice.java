package com.parley.support.problem;

import java.util.List;
import java.util.Map;

import jakarta.validation.ConstraintViolationException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;

/**
 * One place that turns failures into RFC 9457 problem details with a stable {@code code}: the caller's
 * mistakes are 4xx, an infrastructure outage is 503 with Retry-After, and nothing leaks a stack trace.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
    static final String RETRY_AFTER_SECONDS = "5";

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e) {
        ProblemDetail problem = Problems.of(e.status(), e.code(), e.getMessage(), e.properties());
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status());
        Object retryAfter = e.properties().get("retryAfterSeconds");
        if (retryAfter != null) {
            response.header(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter));
        }
        return response.body(problem);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraint(ConstraintViolationException e) {
        List<Map<String, String>> errors = e.getConstraintViolations().stream()
                .map(v -> Map.of("field", String.valueOf(v.getPropertyPath()), "message", v.getMessage()))
                .toList();
        return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, "validation_failed",
                "The request is not valid", Map.of("errors", errors)));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, "invalid_parameter",
                "Parameter '" + e.getName() + "' has an invalid value"));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> denied(AccessDeniedException e) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN)
                .body(Problems.of(HttpStatus.FORBIDDEN, "forbidden", "You are not allowed to do this"));
    }

    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class,
            MongoSocketException.class, MongoTimeoutException.class, InfrastructureUnavailableException.class})
    ResponseEntity<ProblemDetail> unavailable(Exception e) {
        log.warn("Infrastructure unavailable: {}", e.toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "service_unavailable",
                        "A backing service is unavailable; retry after " + RETRY_AFTER_SECONDS + " seconds",
                        Map.of("retryAfterSeconds", Integer.parseInt(RETRY_AFTER_SECONDS))));
    }

    @ExceptionHandler(org.springframework.web.multipart.MultipartException.class)
    ResponseEntity<ProblemDetail> brokenMultipart(org.springframework.web.multipart.MultipartException e) {
        return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, "malformed_request",
                "The multipart body cannot be read"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (causedByLostConnection(e)) {
            return unavailable(e);
        }
        if (causedByUnreadableParameters(e)) {
            return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, "invalid_parameter",
                    "The query string cannot be decoded (it must be valid UTF-8)"));
        }
        log.error("Unexpected error", e);
        return ResponseEntity.internalServerError().body(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR,
                "internal_error", "Something went wrong on our side; it has been logged"));
    }

    /**
     * Spring wraps some driver failures it has no category for ({@code UncategorizedMongoDbException}), such as a
     * connection pool paused after the server stopped answering: that is an outage, not a bug.
     */
    private static boolean causedByLostConnection(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MongoSocketException || t instanceof MongoTimeoutException
                    || t instanceof com.mongodb.MongoConnectionPoolClearedException
                    || t instanceof com.mongodb.MongoInterruptedException) {
                return true;
            }
        }
        return false;
    }

    /** Tomcat refuses to decode a query string that is not valid UTF-8 only when the application reads it. */
    private static boolean causedByUnreadableParameters(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getClass().getName().equals("org.apache.tomcat.util.http.InvalidParameterException")) {
                return true;
            }
        }
        return false;
    }

    /** Spring MVC's own errors (bad JSON, wrong method, unsupported media type …) get a code too. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail p ? p
                : ex instanceof ErrorResponse er ? er.getBody()
                : ProblemDetail.forStatus(statusCode);
        String code = codeFor(ex, statusCode);
        problem.setType(java.net.URI.create(Problems.TYPE_PREFIX + code));
        problem.setProperty("code", code);
        if (ex instanceof MethodArgumentNotValidException invalid) {
            problem.setDetail("The request is not valid");
            problem.setProperty("errors", invalid.getBindingResult().getFieldErrors().stream()
                    .map(f -> Map.of("field", f.getField(), "message", String.valueOf(f.getDefaultMessage())))
                    .toList());
        }
        if (ex instanceof HandlerMethodValidationException) {
            problem.setDetail("The request is not valid");
        }
        Problems.localize(problem, com.parley.support.text.ReaderLanguage.current());
        return super.handleExceptionInternal(ex, problem, headers, statusCode, request);
    }

    private static String codeFor(Exception ex, HttpStatusCode status) {
        return switch (ex) {
            case MethodArgumentNotValidException e -> "validation_failed";
            case HandlerMethodValidationException e -> "validation_failed";
            case org.springframework.http.converter.HttpMessageNotReadableException e -> "malformed_request";
            case org.springframework.web.HttpRequestMethodNotSupportedException e -> "method_not_allowed";
            case org.springframework.web.HttpMediaTypeNotSupportedException e -> "unsupported_media_type";
            case org.springframework.web.servlet.resource.NoResourceFoundException e -> "not_found";
            case org.springframework.web.bind.MissingServletRequestParameterException e -> "missing_parameter";
            case org.springframework.web.multipart.MaxUploadSizeExceededException e -> "payload_too_large";
            default -> status.is4xxClientError() ? "bad_request" : "internal_error";
        };
    }
}
